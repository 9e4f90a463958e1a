import Foundation
import Testing
@testable import VigilIntake

/// The SNS samples are signed (v2 SHA-256 notification, v1 SHA-1 confirmation) with the test
/// certificate in Payloads/, as SNS signs with its own.
@Suite struct SNSSignatureTests {
    var certificate: String {
        get throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Payloads/sns-test-certificate.pem")
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    @Test func signedSamplesVerifyAndAlteredOnesDoNot() throws {
        let notification = try #require(try SamplePayload.adapt("sns-alarm-notification").snsEnvelope)
        #expect(SNSSignature.verify(notification, certificatePEM: try certificate) == nil)
        let confirmation = try #require(try SamplePayload.adapt("sns-subscription-confirmation").snsEnvelope)
        #expect(SNSSignature.verify(confirmation, certificatePEM: try certificate) == nil)
        var altered = notification
        altered.message = altered.message.replacingOccurrences(of: "ALARM", with: "OK")
        #expect(SNSSignature.verify(altered, certificatePEM: try certificate) == "signature does not match")
        var downgraded = notification
        downgraded.signatureVersion = "1"
        #expect(SNSSignature.verify(downgraded, certificatePEM: try certificate) == "signature does not match")
        #expect(SNSSignature.verify(notification, certificatePEM: "not a certificate") == "the signing certificate is not PEM")
    }

    @Test func onlySNSHostsOrTheTestHostAreFetched() {
        #expect(SNSSignature.allowedURL("https://sns.us-east-1.amazonaws.com/cert.pem", testHost: nil) != nil)
        #expect(SNSSignature.allowedURL("http://sns.us-east-1.amazonaws.com/cert.pem", testHost: nil) == nil)
        #expect(SNSSignature.allowedURL("https://sns.us-east-1.amazonaws.com.evil.example/cert.pem", testHost: nil) == nil)
        #expect(SNSSignature.allowedURL("https://evil.example/sns.amazonaws.com", testHost: nil) == nil)
        #expect(SNSSignature.allowedURL("https://s3.amazonaws.com/cert.pem", testHost: nil) == nil)
        #expect(SNSSignature.allowedURL("http://127.0.0.1:8123/cert.pem", testHost: "127.0.0.1:8123") != nil)
        #expect(SNSSignature.allowedURL("http://127.0.0.1:8124/cert.pem", testHost: "127.0.0.1:8123") == nil)
    }
}
