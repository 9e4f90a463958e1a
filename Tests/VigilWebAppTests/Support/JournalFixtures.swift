import VigilAPIModel

/// Journal records in the shapes the investigation steps write (docs/investigations.md).
enum JournalFixtures {
    static func completedRun(title: String, rootCause: String = "checkout", logLine: String = "connection refused to orders-db") -> [JSONValue] {
        [
            ["recordType": "PLANNING", "content": ["step": "plan", "title": .string(title), "attempt": 1, "source": "demo",
                                                  "window": ["start": 1_800_000_000, "end": 1_800_001_200, "onset": 1_800_000_900]]],
            ["recordType": "SEARCHING", "content": [
                "step": "resolve-resources",
                "matched": [["entity": "shop-api", "arn": "arn:aws:apigateway:::shop-api", "type": "AWS::ApiGateway::RestApi", "reason": "named"]],
                "neighbours": [["entity": .string(rootCause), "arn": "arn:aws:ecs:::checkout", "type": "AWS::ECS::Service", "reason": "callee"]],
                "edges": [["caller": "shop-api", "callee": .string(rootCause)]]]],
            ["recordType": "ANALYSIS", "content": [
                "step": "rank-hypotheses", "decisive": true, "verdict": .string("\(rootCause) bad-deployment"),
                "hypotheses": [["entity": .string(rootCause), "kind": "bad-deployment", "confidence": 0.91, "evidenceCount": 3],
                               ["entity": "orders-db", "kind": "connection-exhaustion", "confidence": 0.31, "evidenceCount": 1]],
                "timeline": [["timestamp": 1_800_000_850, "entity": .string(rootCause), "kind": "change", "summary": "deploy v42"]]]],
            ["recordType": "FINDING", "content": [
                "step": "finding", "rank": 1, "entity": .string(rootCause), "kind": "bad-deployment", "confidence": 0.91,
                "evidence": [["kind": "metric-anomaly", "entity": .string(rootCause), "summary": "5xx rose", "score": 0.9,
                              "start": 1_800_000_900, "end": 1_800_001_100, "metric": "HTTPCode_5XX"],
                             ["kind": "log-surge", "entity": .string(rootCause), "summary": "new log template", "score": 0.8,
                              "template": .string(logLine), "baselineCount": 0, "incidentCount": 120]],
                "relatedChanges": ["deploy-42"]]],
            ["recordType": "SUMMARY", "content": ["step": "summary", "text": .string("Root cause: \(rootCause)"),
                                                 "rootCause": ["entity": .string(rootCause), "kind": "bad-deployment", "confidence": 0.91]]],
        ]
    }
}
