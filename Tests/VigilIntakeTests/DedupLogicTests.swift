import Testing
@testable import VigilIntake

@Suite struct DedupLogicTests {
    let alert = IntakeAlert(source: .alertmanager, status: .firing, externalId: nil, alertName: "HighErrorRate", title: "t",
                            resource: "checkout", labels: ["alertname": "HighErrorRate", "service": "checkout", "pod": "a"])

    @Test func fingerprintFollowsConfiguredLabels() throws {
        var rules = IntakeRules()
        let base = AlertIdentity.fingerprint(alert, sourceIdentity: "webhook:1", rules: rules)
        var otherPod = alert
        otherPod.labels["pod"] = "b"
        #expect(AlertIdentity.fingerprint(otherPod, sourceIdentity: "webhook:1", rules: rules) != base)
        #expect(AlertIdentity.fingerprint(alert, sourceIdentity: "webhook:2", rules: rules) != base)
        rules = try IntakeRules(tags: ["vigil:intake:fingerprint-labels": "alertname service"])
        #expect(AlertIdentity.fingerprint(otherPod, sourceIdentity: "webhook:1", rules: rules)
                == AlertIdentity.fingerprint(alert, sourceIdentity: "webhook:1", rules: rules))
        var sender = alert
        sender.externalId = "dedup-1"
        var renamed = sender
        renamed.title = "new title"
        renamed.labels["pod"] = "c"
        #expect(AlertIdentity.fingerprint(sender, sourceIdentity: "w", rules: IntakeRules())
                == AlertIdentity.fingerprint(renamed, sourceIdentity: "w", rules: IntakeRules()))
    }

    @Test func groupKeyPrefersConfiguredLabelsThenSenderGrouping() throws {
        let fp = "f"
        let byName = try IntakeRules(tags: ["vigil:intake:group-by": "alertname"])
        var other = alert
        other.labels["service"] = "cart"
        #expect(AlertIdentity.groupKey(alert, fingerprint: fp, sourceIdentity: "w", senderGroupKey: nil, rules: byName)
                == AlertIdentity.groupKey(other, fingerprint: "g", sourceIdentity: "w", senderGroupKey: nil, rules: byName))
        #expect(AlertIdentity.groupKey(alert, fingerprint: fp, sourceIdentity: "w", senderGroupKey: "k1", rules: IntakeRules())
                == AlertIdentity.groupKey(other, fingerprint: "g", sourceIdentity: "w", senderGroupKey: "k1", rules: IntakeRules()))
        #expect(AlertIdentity.groupKey(alert, fingerprint: fp, sourceIdentity: "w", senderGroupKey: nil, rules: IntakeRules())
                != AlertIdentity.groupKey(other, fingerprint: "g", sourceIdentity: "w", senderGroupKey: nil, rules: IntakeRules()))
        let everyLabel = try IntakeRules(tags: ["vigil:intake:group-by": "..."])
        #expect(AlertIdentity.groupKey(alert, fingerprint: fp, sourceIdentity: "w", senderGroupKey: "k1", rules: everyLabel)
                != AlertIdentity.groupKey(other, fingerprint: "g", sourceIdentity: "w", senderGroupKey: "k1", rules: everyLabel))
    }

    @Test func decisions() {
        let rules = IntakeRules()
        let firing = IntakeAlert.Status.firing.rawValue
        #expect(DedupDecision.decide(status: .firing, now: 100, existing: (firing, "t1"), existingTaskOpen: true, group: nil, rules: rules) == .repeatOf(taskId: "t1"))
        #expect(DedupDecision.decide(status: .firing, now: 100, existing: (firing, "t1"), existingTaskOpen: false, group: nil, rules: rules) == .newTask)
        #expect(DedupDecision.decide(status: .firing, now: 100, existing: ("resolved", "t1"), existingTaskOpen: true, group: nil, rules: rules) == .newTask)
        #expect(DedupDecision.decide(status: .resolved, now: 100, existing: (firing, "t1"), existingTaskOpen: true, group: nil, rules: rules) == .resolve(taskId: "t1"))
        #expect(DedupDecision.decide(status: .resolved, now: 100, existing: nil, existingTaskOpen: false, group: nil, rules: rules) == .ignoreResolve)
        #expect(DedupDecision.decide(status: .firing, now: 100, existing: nil, existingTaskOpen: false,
                                     group: ("g1", 90, true, false), rules: rules) == .joinGroup(taskId: "g1"))
        // group_interval (300 s) elapsed and nothing firing: the group is over.
        #expect(DedupDecision.decide(status: .firing, now: 500, existing: nil, existingTaskOpen: false,
                                     group: ("g1", 100, true, false), rules: rules) == .newTask)
        #expect(DedupDecision.decide(status: .firing, now: 500, existing: nil, existingTaskOpen: false,
                                     group: ("g1", 100, true, true), rules: rules) == .joinGroup(taskId: "g1"))
        #expect(DedupDecision.decide(status: .firing, now: 100, existing: nil, existingTaskOpen: false,
                                     group: ("g1", 90, false, true), rules: rules) == .newTask)
    }

    @Test func linkingPicksTheEarliestOpenNeighbourWithinTheWindow() {
        let topology = EdgeListNeighbours(edges: [("checkout", "checkout-db"), ("checkout", "payments")])
        let candidates = [
            TaskLinker.Candidate(taskId: "old", resources: ["payments"], createdAt: 0, open: true, linked: false),
            TaskLinker.Candidate(taskId: "db", resources: ["cache", "checkout-db"], createdAt: 500, open: true, linked: false),
            TaskLinker.Candidate(taskId: "closed", resources: ["checkout-db"], createdAt: 400, open: false, linked: false),
            TaskLinker.Candidate(taskId: "follower", resources: ["checkout-db"], createdAt: 450, open: true, linked: true),
            TaskLinker.Candidate(taskId: "far", resources: ["search"], createdAt: 450, open: true, linked: false),
        ]
        let link = TaskLinker.primary(for: "checkout", now: 1000, candidates: candidates,
                                      neighbours: topology.neighbours(space: "s", of: "checkout"), window: 900)
        #expect(link?.primaryTaskId == "db")
        #expect(link?.reason.contains("checkout-db, a topology neighbour of checkout") == true)
        #expect(TaskLinker.primary(for: "search", now: 1000, candidates: candidates, neighbours: [], window: 900)?.primaryTaskId == "far")
        #expect(TaskLinker.primary(for: "checkout", now: 1000, candidates: candidates, neighbours: [], window: 900) == nil)
        #expect(TaskLinker.primary(for: "checkout", now: 1000, candidates: candidates, neighbours: ["checkout-db"], window: 0) == nil)
        #expect(TaskLinker.primary(for: nil, now: 1000, candidates: candidates, neighbours: ["checkout-db"], window: 900) == nil)
    }

    @Test func rulesFromTagsAndTheirErrors() throws {
        let rules = try IntakeRules(tags: ["vigil:intake:group-by": "service alertname", "vigil:intake:group-wait": "30s",
                                           "vigil:intake:group-interval": "120", "vigil:intake:link-window": "0", "unrelated": "x"])
        #expect(rules.groupBy == ["alertname", "service"] && rules.groupWaitSeconds == 30 && rules.groupIntervalSeconds == 120)
        #expect(rules.linkWindowSeconds == 0 && rules.fingerprintLabels == nil)
        #expect(rules.explanation.contains("Linking is off"))
        #expect(throws: RulesError(tag: "vigil:intake:group-wait", message: "must be a number of seconds between 0 and 3600")) {
            try IntakeRules(tags: ["vigil:intake:group-wait": "soon"])
        }
    }
}
