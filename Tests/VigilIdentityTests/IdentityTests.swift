import Crypto
import Foundation
import Testing
import VigilCore
import VigilStore
@testable import VigilIdentity

@Suite struct SecretBoxTests {
    let box = SecretBox(key: SymmetricKey(size: .bits256))

    @Test func sealsAndOpensUnderTheSameContext() throws {
        let sealed = try box.seal("s3cr3t", context: "access-key:A")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("s3cr3t"))
        #expect(try box.openString(sealed, context: "access-key:A") == "s3cr3t")
    }

    @Test func refusesAnotherContextATamperedValueAndAnotherKey() throws {
        let sealed = try box.seal("s3cr3t", context: "access-key:A")
        #expect(throws: (any Error).self) { try box.open(sealed, context: "access-key:B") }
        var tampered = sealed
        tampered[tampered.count / 2] ^= 0x01
        #expect(throws: (any Error).self) { try box.open(tampered, context: "access-key:A") }
        let other = SecretBox(key: SymmetricKey(size: .bits256))
        #expect(throws: (any Error).self) { try other.open(sealed, context: "access-key:A") }
    }
}

@Suite struct MasterKeyTests {
    @Test func createsAPrivateKeyFileOnceAndReadsItBack() throws {
        let dir = NSTemporaryDirectory() + "vigil-mk-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try MasterKey.load(base64: nil, file: nil, dataDirectory: dir)
        let second = try MasterKey.load(base64: nil, file: nil, dataDirectory: dir)
        #expect(first == second)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/master.key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func rejectsAMalformedKeyAndAMissingNamedFile() {
        #expect(throws: MasterKeyError.self) { try MasterKey.load(base64: "c2hvcnQ=", file: nil, dataDirectory: "/tmp") }
        #expect(throws: MasterKeyError.self) { try MasterKey.load(base64: nil, file: "/nonexistent/key", dataDirectory: "/tmp") }
    }
}

@Suite struct AccessKeyTests {
    func makeKeys() throws -> (AccessKeys, String) {
        let dir = NSTemporaryDirectory() + "vigil-ak-\(UUID().uuidString)"
        let store = try Store(directory: dir)
        let account = try AccountContext(accountId: "123456789012", region: "us-east-1")
        return (AccessKeys(store: store, box: SecretBox(key: SymmetricKey(size: .bits256)), account: account), dir)
    }

    @Test func generatesTheAdministratorOnlyOnFirstStart() async throws {
        let (keys, dir) = try makeKeys()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generated = try #require(try keys.ensureAdministrator(configured: nil))
        #expect(generated.accessKeyId.hasPrefix("AKIA") && generated.accessKeyId.count == 20)
        #expect(generated.secretAccessKey.count == 40)
        #expect(try keys.ensureAdministrator(configured: nil) == nil)
        let resolved = try #require(try await keys.resolve(generated.accessKeyId))
        #expect(resolved.secretAccessKey == generated.secretAccessKey)
        #expect(resolved.principal.isAdministrator)
        #expect(try await keys.resolve("AKIAUNKNOWNKEY000000") == nil)
    }

    @Test func keepsAConfiguredKeyAndRefusesAChangedSecret() throws {
        let (keys, dir) = try makeKeys()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let configured = AccessKeys.Credentials(accessKeyId: "AKIDEXAMPLE0000000", secretAccessKey: "a-long-enough-secret")
        #expect(try keys.ensureAdministrator(configured: configured) == nil)
        #expect(try keys.ensureAdministrator(configured: configured) == nil)
        let changed = AccessKeys.Credentials(accessKeyId: "AKIDEXAMPLE0000000", secretAccessKey: "another-long-secret")
        #expect(throws: AccessKeyError.self) { try keys.ensureAdministrator(configured: changed) }
        let short = AccessKeys.Credentials(accessKeyId: "AK", secretAccessKey: "x")
        #expect(throws: AccessKeyError.self) { try keys.ensureAdministrator(configured: short) }
    }
}
