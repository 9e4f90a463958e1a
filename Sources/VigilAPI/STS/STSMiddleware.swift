import Foundation
import Hummingbird
import Logging
import NIOCore
import VigilAWS
import VigilCore
import VigilIdentity

/// An STS-compatible endpoint (query protocol, signing name `sts`) at `POST /` for the two calls
/// Vigil's own principals need: AssumeRole (temporary credentials for a role of this account, after
/// its trust policy and, where required, the caller's own permissions allow it) and
/// GetCallerIdentity. `aws sts … --endpoint-url` and boto3's STS client work against it.
public struct STSMiddleware<Context: RequestContext>: RouterMiddleware {
    let env: APIEnvironment
    let authenticator: RequestAuthenticator
    let service: SecurityTokenService

    public init(environment: APIEnvironment) {
        env = environment
        authenticator = RequestAuthenticator(service: "sts", account: environment.account, accessKeys: environment.accessKeys,
                                             maxClockSkew: environment.limits.maxClockSkewSeconds)
        service = SecurityTokenService(environment: environment)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/", request.method == .post || request.method == .get else {
            return try await next(request, context)
        }
        let requestId = UUID().uuidString.lowercased()
        var request = request
        do {
            let body = try await request.collectBody(upTo: 64 * 1024)
            let bodyBytes = Array(body.readableBytesView)
            var parameters = QueryString.parse(request.uri.query)
            if request.method == .post {
                parameters += QueryString.parse(String(decoding: bodyBytes, as: UTF8.self))
            }
            let principal = try await authenticator.authenticate(SignableRequest(request, body: bodyBytes), now: Date())
            let values = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            let xml = try await service.perform(values, caller: principal, requestId: requestId)
            return Self.response(status: .ok, xml: xml)
        } catch let error as STSError {
            return Self.error(error.code, error.message, status: error.status, requestId: requestId)
        } catch let error as SigV4Error {
            return Self.error(error.code, error.message, status: error.httpStatus, requestId: requestId)
        } catch {
            env.logger.error("STS request failed", metadata: ["requestId": .string(requestId), "error": .string(String(describing: error))])
            return Self.error("InternalFailure", "The request processing has failed because of an unknown error.", status: 500, requestId: requestId)
        }
    }

    static func response(status: HTTPResponse.Status, xml: String) -> Response {
        Response(status: status, headers: [.contentType: "text/xml"], body: ResponseBody(byteBuffer: ByteBuffer(string: xml)))
    }

    static func error(_ code: String, _ message: String, status: Int, requestId: String) -> Response {
        let xml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>\(XML.escape(code))</Code><Message>\(XML.escape(message))</Message></Error>\
            <RequestId>\(requestId)</RequestId></ErrorResponse>
            """
        return response(status: .init(code: status), xml: xml)
    }
}

struct STSError: Error {
    var code: String
    var message: String
    var status: Int

    static func accessDenied(_ message: String) -> STSError { STSError(code: "AccessDenied", message: message, status: 403) }
    static func validation(_ message: String) -> STSError { STSError(code: "ValidationError", message: message, status: 400) }
}

enum XML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
