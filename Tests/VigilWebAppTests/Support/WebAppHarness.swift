import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import VigilAPI
import VigilAPIModel
import VigilAudit
import VigilCore
import VigilIdentity
import VigilStore
@testable import VigilWebApp

/// The real app on a temporary store: the API middleware and the web app on one router, a real
/// audit log, the policy authorizer, and the administrator's key. Tests drive it through
/// HummingbirdTesting like a browser would (cookies and form posts).
struct WebAppHarness {
    static let adminKey = "AKIAWEBAPPADMIN00001"
    static let adminSecret = "webapp-admin-secret-0123456789abcdef"

    let directory: String
    let env: APIEnvironment
    let auditLog: AuditLog
    let iam: IAMDirectory
    let webApp: WebApp
    let application: Application<RouterResponder<VigilRequestContext>>
    var admin: Principal

    init() async throws {
        directory = NSTemporaryDirectory() + "vigil-webapp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let account = try AccountContext(accountId: "123456789012", region: "us-east-1")
        let box = SecretBox(key: try MasterKey.load(base64: nil, file: nil, dataDirectory: directory))
        let store = try Store(directory: directory)
        let keys = AccessKeys(store: store, box: box, account: account)
        _ = try keys.ensureAdministrator(configured: .init(accessKeyId: Self.adminKey, secretAccessKey: Self.adminSecret))
        auditLog = try AuditLog(directory: directory)
        var logger = Logger(label: "webapp-test")
        logger.logLevel = .critical
        env = APIEnvironment(account: account, store: store, accessKeys: keys, secrets: box,
                             authorizer: PolicyAuthorizer(store: store, account: account), limits: APILimits(),
                             publicBaseURL: "http://127.0.0.1:0", audit: auditLog, logger: logger)
        iam = IAMDirectory(store: store, box: box, account: account)
        // The server's order: the web app first, then STS (which shares `/`), then the API.
        let router = Router(context: VigilRequestContext.self)
        webApp = try WebApp.mount(on: router, environment: env, publicBaseURL: "http://127.0.0.1:0", auditLog: auditLog)
        router.add(middleware: STSMiddleware(environment: env))
        router.add(middleware: APIMiddleware(environment: env))
        application = Application(router: router, logger: logger)
        guard let resolved = try await keys.resolve(Self.adminKey) else { throw HarnessError("administrator key did not resolve") }
        admin = resolved.principal
    }

    var invoker: APIInvoker { APIInvoker(environment: env) }

    /// A space with the Operator App's iam flow enabled; returns its id.
    func space(named name: String, enableIAM: Bool = true) async throws -> String {
        let created = try await invoker.call(operation: "CreateAgentSpace", body: ["name": .string(name)], principal: admin, sourceIp: nil)
        guard let id = created["agentSpace"]?["agentSpaceId"]?.stringValue else { throw HarnessError("no space id") }
        if enableIAM {
            _ = try await invoker.call(operation: "EnableOperatorApp", labels: ["agentSpaceId": id],
                                       body: ["authFlow": "iam", "operatorAppRoleArn": "arn:aws:iam::123456789012:role/operator-app"],
                                       principal: admin, sourceIp: nil)
        }
        return id
    }

    func task(space: String, title: String, priority: String = "HIGH") async throws -> String {
        let created = try await invoker.call(operation: "CreateBacklogTask", labels: ["agentSpaceId": space],
                                             body: ["title": .string(title), "priority": .string(priority), "taskType": "INVESTIGATION"],
                                             principal: admin, sourceIp: nil)
        guard let id = created["task"]?["taskId"]?.stringValue else { throw HarnessError("no task id") }
        return id
    }

    /// An execution with `records` journal records (the investigation steps' shapes) and one
    /// proposed recommendation, written through `vigil seed`'s loader.
    func investigation(space: String, taskId: String, records: [JSONValue], recommendationTitle: String = "Roll back checkout")
        throws -> (executionId: String, recommendationId: String) {
        let fixture: JSONValue = [
            "agentSpaceId": .string(space),
            "executions": [["taskId": .string(taskId), "executionStatus": "RUNNING", "records": .array(records)]],
            "recommendations": [["taskId": .string(taskId), "title": .string(recommendationTitle), "summary": "1. Roll back.", "priority": "HIGH"]],
        ]
        let out = try FixtureLoader.load(JSONWriter.write(fixture), store: env.store, account: env.account)
        guard let execution = out["executionIds"]?[0]?.stringValue, let recommendation = out["recommendationIds"]?[0]?.stringValue else {
            throw HarnessError("fixture ids missing")
        }
        return (execution, recommendation)
    }

    /// A user whose only policy is `document`, and its access key.
    func user(_ name: String, policy document: String) throws -> (principal: String, key: AccessKeys.Credentials) {
        let user = try iam.createUser(name: name)
        _ = try iam.putPolicy(name: "\(name)-policy", document: document)
        try iam.attach(.user, name: name, policy: "\(name)-policy")
        return (user.arn, try iam.createAccessKey(user: name))
    }

    func run<T: Sendable>(_ test: @Sendable (WebClient) async throws -> T) async throws -> T {
        try await application.test(.router) { client in try await test(WebClient(client: client)) }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A browser's part: keeps the cookies it was given and posts forms.
final class WebClient: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: Int
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil)
    }

    @discardableResult
    func post(_ path: String, form: [(String, String)]) async throws -> Page {
        let encoded = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(path, method: .post, body: encoded)
    }

    func send(_ path: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let page = Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        for line in page.setCookies {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    /// The value of the hidden `csrf` field on a page.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in with an access key through the sign-in form; returns the answer to the POST.
    @discardableResult
    func signIn(_ keyId: String, _ secret: String, sessionToken: String = "") async throws -> Page {
        let page = try await get("/")
        guard let token = Self.csrf(in: page.body) else { throw HarnessError("no sign-in form on /: \(page.body.prefix(400))") }
        return try await post("/auth/signin", form: [("csrf", token), ("accessKeyId", keyId), ("secretAccessKey", secret),
                                                    ("sessionToken", sessionToken)])
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
