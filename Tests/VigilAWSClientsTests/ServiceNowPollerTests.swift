import Foundation
import Logging
import Testing
import VigilAPIModel
@testable import VigilAWSClients
import VigilCore
import VigilIdentity
@testable import VigilIntake
import VigilStore

/// A ServiceNow instance on loopback that speaks what the poller uses, in ServiceNow's documented
/// wire formats: `POST /oauth_token.do` (form-encoded client_credentials grant, JSON token answer with
/// access_token/token_type/expires_in, `{"error":"access_denied",...}` on bad credentials) and
/// `GET /api/now/table/incident` (`sysparm_query` with `sys_updated_on>=` and `ORDERBY`,
/// `sysparm_fields` with dot-walked names, `sysparm_limit`/`sysparm_offset`, `{"result":[...]}`,
/// `X-Total-Count`, and `{"error":{"message","detail"},"status":"failure"}` with 401 without a valid
/// token). No real ServiceNow instance is reachable from the test machine.
final class ServiceNowInstance: @unchecked Sendable {
    let clientId = "vigil-client"
    let clientSecret = "s3cr3t-client-secret"
    private let lock = NSLock()
    private var incidents: [String: [String: String]] = [:]
    private var tokens: Set<String> = []
    private(set) var tokenRequests = 0
    private(set) var offsets: [Int] = []
    private var server: LocalHTTPServer?

    var url: String { "http://127.0.0.1:\(server?.port ?? 0)" }

    init() throws {
        server = try LocalHTTPServer { [unowned self] request, _ in self.handle(request) }
    }

    func stop() { server?.stop() }

    func put(_ sysId: String, number: String, state: String, updated: String, priority: String = "2", ci: String? = nil,
             short: String = "Checkout failing") {
        lock.withLock {
            var row = ["sys_id": sysId, "number": number, "state": state, "sys_updated_on": updated, "priority": priority,
                       "short_description": short, "description": "Customers see errors", "opened_at": updated, "category": "software"]
            if let ci { row["cmdb_ci.name"] = ci }
            incidents[sysId] = row
        }
    }

    func revokeTokens() { lock.withLock { tokens.removeAll() } }
    var counters: (tokens: Int, offsets: [Int]) { lock.withLock { (tokenRequests, offsets) } }

    static func json(_ status: Int, _ value: Any, headers: [(String, String)] = []) -> LocalHTTPServer.Reply {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data()
        return .init(status: status, headers: [("Content-Type", "application/json;charset=UTF-8")] + headers, bytes: [UInt8](data))
    }

    func handle(_ request: LocalHTTPServer.Request) -> LocalHTTPServer.Reply {
        lock.withLock {
            switch (request.method, request.path) {
            case ("POST", "/oauth_token.do"):
                tokenRequests += 1
                let form = request.form
                guard request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true,
                      form["grant_type"] == "client_credentials", form["client_id"] == clientId, form["client_secret"] == clientSecret else {
                    return Self.json(401, ["error": "access_denied", "error_description": "access_denied"])
                }
                let token = "tok-\(UUID().uuidString)"
                tokens.insert(token)
                return Self.json(200, ["access_token": token, "scope": "useraccount", "token_type": "Bearer", "expires_in": 1799])
            case ("GET", "/api/now/table/incident"):
                guard let auth = request.header("Authorization"), auth.hasPrefix("Bearer "), tokens.contains(String(auth.dropFirst(7))) else {
                    return Self.json(401, ["error": ["message": "User Not Authenticated", "detail": "Required to provide Auth information"],
                                           "status": "failure"])
                }
                var params: [String: String] = [:]
                for pair in (request.query ?? "").split(separator: "&") {
                    let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    params[AWSPercentEncoding.decode(String(kv[0]), plusIsSpace: true)] =
                        kv.count == 2 ? AWSPercentEncoding.decode(String(kv[1]), plusIsSpace: true) : ""
                }
                var rows = Array(incidents.values)
                for clause in (params["sysparm_query"] ?? "").split(separator: "^") where clause.hasPrefix("sys_updated_on>=") {
                    let since = String(clause.dropFirst("sys_updated_on>=".count))
                    rows = rows.filter { ($0["sys_updated_on"] ?? "") >= since }
                }
                rows.sort { ($0["sys_updated_on"]!, $0["sys_id"]!) < ($1["sys_updated_on"]!, $1["sys_id"]!) }
                let offset = Int(params["sysparm_offset"] ?? "0") ?? 0, limit = Int(params["sysparm_limit"] ?? "10000") ?? 10000
                offsets.append(offset)
                let page = rows.dropFirst(offset).prefix(limit)
                let fields = params["sysparm_fields"].map { Set($0.split(separator: ",").map(String.init)) }
                let result = page.map { row in row.filter { fields?.contains($0.key) ?? true } }
                return Self.json(200, ["result": result], headers: [("X-Total-Count", String(rows.count))])
            default:
                return Self.json(400, ["error": ["message": "Invalid URL", "detail": request.path], "status": "failure"])
            }
        }
    }
}

@Suite("ServiceNow incident poller against a local Table API")
struct ServiceNowPollerTests {
    struct Harness {
        let instance: ServiceNowInstance
        let store: Store
        let box: SecretBox
        let space = "space-sn"
        let now: Double

        init(secret: String? = nil) throws {
            instance = try ServiceNowInstance()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sn-\(UUID().uuidString)").path
            store = try Store(directory: dir)
            box = SecretBox(key: try MasterKey.load(base64: nil, file: nil, dataDirectory: dir))
            now = (Date().timeIntervalSince1970).rounded(.down)
            // What RegisterService seals: the whole serviceDetails union.
            let details = #"{"servicenow":{"instanceUrl":"\#(instance.url)","authorizationConfig":{"oAuthClientCredentials":{"clientName":"vigil","clientId":"\#(instance.clientId)","clientSecret":"\#(secret ?? instance.clientSecret)"}}}}"#
            let sealed = try box.seal(Array(details.utf8), context: "service:svc-sn")
            let space = space
            try store.writeNow { tx in
                try tx.agentSpaces.insert(id: space, createdAt: Date(), doc: Array("{}".utf8))
                try tx.services.insert(id: "svc-sn", serviceType: "servicenow", createdAt: Date(), doc: Array("{}".utf8), secretsSealed: sealed)
                try tx.associations.insert(space: space, id: "assoc-sn", serviceId: "svc-sn", serviceType: "servicenow", slot: "servicenow",
                                           doc: Array("{}".utf8))
            }
        }

        func time(_ offset: Double) -> String { ServiceNowTime.format(now + offset) }

        func poller(_ http: HTTPClientLike) -> ServiceNowIncidentPoller {
            let box = box
            return ServiceNowIncidentPoller(store: store, unseal: { sealed, context in try box.open(sealed, context: context) },
                                            http: http.executor, logger: Logger(label: "test"))
        }

        func drain() async throws -> Int {
            try await IntakeProcessor(store: store, account: try AccountContext(accountId: "123456789012", region: "us-east-1"),
                                      logger: Logger(label: "test")).drain()
        }

        func tasks() throws -> [TaskShape] {
            let space = space
            return try store.readNow { tx in
                try tx.tasks.list(space: space, filter: .init(), sortByPriority: false, order: .ascending, after: nil, limit: 500)
                    .items.map { try TaskShape(document: $0.doc) }
            }
        }

        func inboxRows() throws -> Int {
            let space = space
            return try store.readNow { tx in try tx.intakeInbox.counts(space: space, webhookId: ServiceNowIncidentPoller.sourceIdentity).total }
        }
    }

    struct HTTPClientLike { let executor: AsyncHTTPClientExecutor }

    static func intake(_ task: TaskShape) -> [String: JSONValue] { task.metadata?["intake"]?.objectValue ?? [:] }

    @Test func newUpdatedResolvedAndTiedIncidentsBecomeAlertsOnce() async throws {
        try await withHTTPClient { client in
            let h = try Harness()
            defer { h.instance.stop() }
            let http = HTTPClientLike(executor: AsyncHTTPClientExecutor(client: client))
            h.instance.put("a1", number: "INC0010001", state: "1", updated: h.time(-120), priority: "1", ci: "checkout")
            h.instance.put("b2", number: "INC0010002", state: "2", updated: h.time(-60), ci: "payments")
            h.instance.put("old", number: "INC0009999", state: "2", updated: h.time(-7200), ci: "legacy")
            let poller = h.poller(http)

            // The first poll reads the last hour: two incidents, two tasks.
            var summary = await poller.pollOnce()
            #expect(summary.failures.isEmpty)
            #expect(summary.associations == 1 && summary.incidents == 2 && summary.changes == 2)
            #expect(try await h.drain() == 2)
            var tasks = try h.tasks()
            #expect(tasks.count == 2)
            let critical = try #require(tasks.first { $0.title.contains("INC0010001") })
            #expect(critical.priority == .critical)
            #expect(Self.intake(critical)["source"] == "servicenow")
            #expect(Self.intake(critical)["resource"] == "checkout")

            // Again: the incident at the cursor's second comes back unchanged and is skipped.
            summary = await poller.pollOnce()
            #expect(summary.incidents == 1 && summary.changes == 0)

            // Another incident updated in that same second is not missed; a resolve closes a1's alert.
            h.instance.put("c3", number: "INC0010003", state: "1", updated: h.time(-60), ci: "search")
            h.instance.put("a1", number: "INC0010001", state: "6", updated: h.time(-30), priority: "1", ci: "checkout")
            summary = await poller.pollOnce()
            #expect(summary.changes == 2)
            #expect(try await h.drain() == 2)
            tasks = try h.tasks()
            #expect(tasks.count == 3)
            let resolved = try #require(tasks.first { $0.title.contains("INC0010001") })
            #expect(Self.intake(resolved)["allResolved"] == .bool(true))

            // One token served every poll.
            #expect(h.instance.counters.tokens == 1)

            // A restart repeats nothing.
            #expect(await h.poller(http).pollOnce().changes == 0)
            #expect(try await h.drain() == 0)
            #expect(try h.tasks().count == 3)
        }
    }

    @Test func pagesAreFollowedAndARevokedTokenIsReplaced() async throws {
        try await withHTTPClient { client in
            let h = try Harness()
            defer { h.instance.stop() }
            let http = HTTPClientLike(executor: AsyncHTTPClientExecutor(client: client))
            for i in 0..<230 {
                h.instance.put(String(format: "id%03d", i), number: String(format: "INC%07d", i), state: "1", updated: h.time(Double(-600 + i)))
            }
            let poller = h.poller(http)
            let summary = await poller.pollOnce()
            #expect(summary.failures.isEmpty)
            #expect(summary.incidents == 230 && summary.changes == 230)
            #expect(h.instance.counters.offsets == [0, 100, 200])
            #expect(try h.inboxRows() == 230)

            h.instance.revokeTokens()
            h.instance.put("id000", number: "INC0000000", state: "7", updated: h.time(0))
            let after = await poller.pollOnce()
            #expect(after.failures.isEmpty)
            #expect(after.changes == 1)
            #expect(h.instance.counters.tokens == 2)
        }
    }

    @Test func refusedCredentialsAreReportedWithoutTheSecretAndWriteNothing() async throws {
        try await withHTTPClient { client in
            let h = try Harness(secret: "wrong-secret-value")
            defer { h.instance.stop() }
            h.instance.put("a1", number: "INC0010001", state: "1", updated: h.time(-10))
            let summary = await h.poller(HTTPClientLike(executor: AsyncHTTPClientExecutor(client: client))).pollOnce()
            #expect(summary.changes == 0)
            let failure = try #require(summary.failures.first)
            #expect(failure.contains("refused the OAuth client credentials (HTTP 401)"))
            #expect(!failure.contains("wrong-secret-value"))
            #expect(try h.inboxRows() == 0)
        }
    }

    @Test func incidentMappingAndServiceDetailsErrors() throws {
        let incident = try ServiceNowIncident.parse(try JSONParser.parse(Array(#"""
            {"sys_id":"abc","number":"INC1","state":"7","priority":"4","sys_updated_on":"2026-11-27 08:00:00",
             "short_description":"Disk full","cmdb_ci":{"link":"https://x/api/now/table/cmdb_ci/1","value":"1"},"business_service.name":"storage"}
            """#.utf8)))
        let alert = incident.alert(instance: "https://acme.service-now.com")
        #expect(alert.status == .resolved && alert.priority == "LOW" && alert.resource == "storage")
        #expect(alert.externalId == "https://acme.service-now.com/incident/abc")
        #expect(alert.endsAt == ServiceNowTime.parse("2026-11-27 08:00:00"))
        #expect(ServiceNowTime.format(ServiceNowTime.parse("2026-11-27 08:00:05")!) == "2026-11-27 08:00:05")
        #expect(throws: PayloadError("missing required field result[].sys_id")) {
            try ServiceNowIncident.parse(try JSONParser.parse(Array(#"{"sys_updated_on":"2026-11-27 08:00:00"}"#.utf8)))
        }
        #expect(throws: PayloadError("result[].sys_updated_on '27/11/2026' is not yyyy-MM-dd HH:mm:ss")) {
            try ServiceNowIncident.parse(try JSONParser.parse(Array(#"{"sys_id":"a","sys_updated_on":"27/11/2026"}"#.utf8)))
        }
        #expect(throws: PayloadError("servicenow.authorizationConfig.oAuthClientCredentials is required to poll incidents")) {
            try ServiceNowAccess.fromServiceDetails(Array(#"{"servicenow":{"instanceUrl":"https://acme.service-now.com"}}"#.utf8))
        }
        #expect(throws: ServiceNowError("instanceUrl must be https (plain http is allowed for loopback hosts only)")) {
            try ServiceNowTableReader(access: ServiceNowAccess(instanceUrl: "http://acme.service-now.com", clientId: "a", clientSecret: "b"),
                                      http: AsyncHTTPClientExecutor(client: .shared))
        }
    }
}
