import Foundation
import Logging
import Testing
import VigilAPIModel
@testable import VigilAWSClients
import VigilCore
@testable import VigilIntake
import VigilStore

extension MotoTests {
    /// The CloudWatch alarm poller against moto in server mode: alarms made and moved with boto3,
    /// read through the space's client factory (assumed roles), turned into tasks by the intake
    /// processor over a real store.
    @Suite("CloudWatch alarm poller on moto")
    struct AlarmPollerOnMoto {
        struct Harness {
            let space: SpaceOnMoto
            let store: Store
            let account: AccountContext
            let directory: String

            init(http: AsyncHTTPClientExecutor) async throws {
                space = try await SpaceOnMoto(http: http, regions: ["us-east-1"])
                directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-poller-\(UUID().uuidString)").path
                store = try Store(directory: directory)
                account = try AccountContext(accountId: "123456789012", region: "us-east-1")
                try store.writeNow { tx in
                    try tx.agentSpaces.insert(id: SpaceOnMoto.spaceId, createdAt: Date(), doc: Array("{}".utf8))
                }
            }

            /// A poller as the server builds one (a restart is a new instance over the same store).
            func poller(extraAccounts: [String] = []) -> CloudWatchAlarmPoller {
                let factory = space.factory, accounts = [space.monitor.accountId, space.source.accountId] + extraAccounts
                return CloudWatchAlarmPoller(store: store, targets: {
                    [AlarmPollTarget(space: SpaceOnMoto.spaceId, factory: factory, accounts: accounts)]
                }, logger: Logger(label: "test"))
            }

            func processor() -> IntakeProcessor {
                IntakeProcessor(store: store, account: account, logger: Logger(label: "test"))
            }

            func boto(_ script: String) throws {
                try Boto3.run(space.monitor.endpoint, account: space.monitor.accountId, now: Date().timeIntervalSince1970, script)
            }

            func tasks() throws -> [TaskShape] {
                try store.readNow { tx in
                    try tx.tasks.list(space: SpaceOnMoto.spaceId, filter: .init(), sortByPriority: false, order: .ascending, after: nil, limit: 100)
                        .items.map { try TaskShape(document: $0.doc) }
                }
            }

            static func intake(_ task: TaskShape) -> [String: JSONValue] { task.metadata?["intake"]?.objectValue ?? [:] }
        }

        @Test func alarmFiresOnceResolvesAndSurvivesARestart() async throws {
            try await withHTTPClient { http in
                let h = try await Harness(http: AsyncHTTPClientExecutor(client: http))
                try h.boto("""
                cw = c("cloudwatch")
                cw.put_metric_alarm(AlarmName="checkout-errors", Namespace="AWS/Lambda", MetricName="Errors",
                    Dimensions=[{"Name": "FunctionName", "Value": "checkout"}], Statistic="Sum", Period=60, EvaluationPeriods=1,
                    Threshold=5.0, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmDescription="Checkout errors")
                cw.set_alarm_state(AlarmName="checkout-errors", StateValue="OK", StateReason="fine")
                """)
                let poller = h.poller()
                let processor = h.processor()

                // The first poll records the alarm in OK: nothing to say yet.
                var summary = await poller.pollOnce()
                #expect(summary.failures.isEmpty)
                #expect(summary.scopes == 2 && summary.alarms == 1 && summary.changes == 0)
                _ = try await processor.drain()
                #expect(try h.tasks().isEmpty)

                // ALARM: one change, one task about the function.
                try h.boto(#"c("cloudwatch").set_alarm_state(AlarmName="checkout-errors", StateValue="ALARM", StateReason="Threshold Crossed: 6 >= 5")"#)
                summary = await poller.pollOnce()
                #expect(summary.changes == 1)
                _ = try await processor.drain()
                var tasks = try h.tasks()
                #expect(tasks.count == 1)
                let task = try #require(tasks.first)
                #expect(task.taskType == .investigation)
                #expect(task.title.contains("checkout-errors"))
                var intake = Harness.intake(task)
                #expect(intake["source"] == "cloudwatch")
                #expect(intake["sourceIdentity"] == "poller:cloudwatch")
                #expect(intake["resource"] == "checkout")
                #expect(intake["firingCount"] == .int(1))

                // Polling again without a change adds nothing.
                summary = await poller.pollOnce()
                #expect(summary.changes == 0)
                #expect(try await processor.drain() == 0)
                #expect(try h.tasks().count == 1)

                // OK resolves the alert on the same task.
                try h.boto(#"c("cloudwatch").set_alarm_state(AlarmName="checkout-errors", StateValue="OK", StateReason="recovered")"#)
                summary = await poller.pollOnce()
                #expect(summary.changes == 1)
                _ = try await processor.drain()
                tasks = try h.tasks()
                #expect(tasks.count == 1)
                intake = Harness.intake(try #require(tasks.first))
                #expect(intake["allResolved"] == .bool(true))
                #expect(intake["occurrences"] == .int(1))

                // A restart (new poller and processor over the same store) repeats nothing.
                let restarted = h.poller()
                summary = await restarted.pollOnce()
                #expect(summary.changes == 0 && summary.alarms == 1)
                #expect(try await h.processor().drain() == 0)
                #expect(try h.tasks().count == 1)
            }
        }

        @Test func aChangeRecordedBeforeACrashIsAppliedOnceAfterIt() async throws {
            try await withHTTPClient { http in
                let h = try await Harness(http: AsyncHTTPClientExecutor(client: http))
                try h.boto("""
                cw = c("cloudwatch")
                cw.put_metric_alarm(AlarmName="db-cpu", Namespace="AWS/RDS", MetricName="CPUUtilization",
                    Dimensions=[{"Name": "DBInstanceIdentifier", "Value": "orders-db"}], Statistic="Average", Period=60,
                    EvaluationPeriods=1, Threshold=90.0, ComparisonOperator="GreaterThanThreshold")
                cw.set_alarm_state(AlarmName="db-cpu", StateValue="ALARM", StateReason="high")
                """)
                // The poll commits the change to the inbox; the server "dies" before processing it.
                #expect(await h.poller().pollOnce().changes == 1)
                // After the restart: the poller sees nothing new, the pending row is applied once.
                #expect(await h.poller().pollOnce().changes == 0)
                #expect(try await h.processor().drain() == 1)
                #expect(try await h.processor().drain() == 0)
                let tasks = try h.tasks()
                #expect(tasks.count == 1)
                #expect(Harness.intake(try #require(tasks.first))["resource"] == "orders-db")
            }
        }

        @Test func accountsOutsideTheSpaceAreRefusedAndTheOthersStillPolled() async throws {
            try await withHTTPClient { http in
                let h = try await Harness(http: AsyncHTTPClientExecutor(client: http))
                try h.boto("""
                cw = c("cloudwatch")
                cw.put_metric_alarm(AlarmName="api-5xx", Namespace="AWS/ApiGateway", MetricName="5XXError",
                    Dimensions=[{"Name": "ApiName", "Value": "shop"}], Statistic="Sum", Period=60, EvaluationPeriods=1,
                    Threshold=1.0, ComparisonOperator="GreaterThanOrEqualToThreshold")
                cw.set_alarm_state(AlarmName="api-5xx", StateValue="ALARM", StateReason="5xx")
                """)
                let stranger = randomAccountId()
                let summary = await h.poller(extraAccounts: [stranger]).pollOnce()
                // The stranger account is refused by the factory before any call; the others are polled.
                #expect(summary.scopes == 3)
                #expect(summary.failures.count == 1)
                #expect(summary.failures.first?.contains(stranger) == true)
                #expect(summary.failures.first?.contains("not associated") == true)
                #expect(summary.alarms == 1 && summary.changes == 1)
                _ = try await h.processor().drain()
                let task = try #require(try h.tasks().first)
                #expect(task.title.contains("api-5xx"))
                #expect(Harness.intake(task)["resource"] == "shop")
            }
        }
    }
}
