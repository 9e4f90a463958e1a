import VigilAWSClients
import VigilTelemetry

/// CloudTrail events, CodeDeploy deployments and CodePipeline runs as `ChangeEvent`s. Pure.
public enum ChangeMapping {
    /// Event name prefixes of management events that change a resource.
    public static let changePrefixes = ["Create", "Update", "Put", "Delete", "Modify", "Publish", "Set", "Reboot",
                                        "Register", "Deregister", "Attach", "Detach", "Start", "Stop", "Restore"]

    /// Events that ship new code or configuration (kind `deployment`); other changes are `config`.
    /// Names may carry an API version suffix (`UpdateFunctionCode20150331v2`).
    static let deploymentPrefixes = ["CreateDeployment", "UpdateFunctionCode", "PublishVersion", "UpdateAlias",
                                     "StartPipelineExecution", "CreateTaskSet", "UpdateService", "RegisterTaskDefinition"]

    public static func isChange(_ eventName: String) -> Bool {
        changePrefixes.contains { eventName.hasPrefix($0) }
    }

    public static func kind(of eventName: String) -> String {
        deploymentPrefixes.contains { eventName.hasPrefix($0) } ? "deployment" : "config"
    }

    /// The entities (ARNs) an event touches: an entity is touched when one of the event's
    /// resources is named by its ARN or short name, or when the event record mentions its ARN or
    /// its name as a whole JSON string (`"checkout"`, how request parameters name it).
    public static func touched(by event: CloudTrailEvent, entities: [TelemetryEntity]) -> [String] {
        let resourceNames = Set(event.resources.compactMap(\.resourceName))
        let record = event.cloudTrailEvent ?? ""
        return entities.filter { entity in
            if resourceNames.contains(entity.arn) || resourceNames.contains(entity.name) { return true }
            if record.contains(entity.arn) { return true }
            return entity.name.count >= 3 && record.contains("\"\(entity.name)\"")
        }.map(\.arn)
    }

    /// The change events of a CloudTrail event, one per touched entity; none when the event does
    /// not change anything or touches none of the entities. With no entities asked for, the event
    /// lands on its first resource (or its event source).
    public static func changes(of event: CloudTrailEvent, entities: [TelemetryEntity]) -> [ChangeEvent] {
        guard isChange(event.eventName), event.readOnly != "true" else { return [] }
        let targets: [String]
        if entities.isEmpty {
            targets = [event.resources.first?.resourceName ?? event.eventSource ?? "unknown"]
        } else {
            targets = touched(by: event, entities: entities)
        }
        let who = event.username.map { " by \($0)" } ?? ""
        let source = event.eventSource.map { " (\($0))" } ?? ""
        return targets.map {
            ChangeEvent(timestamp: event.eventTime.timeIntervalSince1970, entity: $0, kind: kind(of: event.eventName),
                        description: "\(event.eventName)\(who)\(source)", reference: event.eventId)
        }
    }

    /// A CodeDeploy deployment as a change on the entity its AppSpec names (a Lambda function by
    /// name or ARN), else on its deployment group (`arn:…:codedeploy:…:deploymentgroup:app/group`).
    public static func change(of deployment: CodeDeployDeployment, entities: [TelemetryEntity],
                              partition: String, region: String, account: String) -> ChangeEvent? {
        guard let created = deployment.createTime ?? deployment.startTime else { return nil }
        let application = deployment.applicationName ?? "?"
        let group = deployment.deploymentGroupName ?? "?"
        let appSpec = deployment.appSpecContent ?? ""
        let named = entities.first { entity in
            !appSpec.isEmpty && (appSpec.contains(entity.arn) || (entity.name.count >= 3 && containsWord(appSpec, entity.name)))
        }
        let entity = named?.arn ?? "arn:\(partition):codedeploy:\(region):\(account):deploymentgroup:\(application)/\(group)"
        var description = "CodeDeploy deployment \(deployment.deploymentId) of \(application)/\(group): \(deployment.status ?? "unknown")"
        if let creator = deployment.creator { description += " (created by \(creator))" }
        if let message = deployment.errorMessage { description += "; error \(deployment.errorCode ?? ""): \(message)" }
        return ChangeEvent(timestamp: created.timeIntervalSince1970, entity: entity, kind: "deployment",
                           description: description, reference: deployment.deploymentId)
    }

    /// A pipeline run that overlaps [start, end) as a change of the pipeline.
    public static func change(of execution: CodePipelineExecution, pipeline: String, pipelineEntity: String,
                              start: Double, end: Double) -> ChangeEvent? {
        guard let started = execution.startTime?.timeIntervalSince1970 else { return nil }
        let last = execution.lastUpdateTime?.timeIntervalSince1970 ?? started
        guard started < end, last >= start else { return nil }
        var description = "CodePipeline \(pipeline) execution \(execution.pipelineExecutionId): \(execution.status ?? "unknown")"
        if let trigger = execution.trigger?.triggerType { description += ", triggered by \(trigger)" }
        let revisions = (execution.sourceRevisions ?? []).compactMap { revision in
            revision.revisionId.map { "\(revision.actionName)@\($0)" + (revision.revisionSummary.map { " \"\($0)\"" } ?? "") }
        }
        if !revisions.isEmpty { description += ", revisions \(revisions.joined(separator: ", "))" }
        return ChangeEvent(timestamp: started, entity: pipelineEntity, kind: "pipeline", description: description,
                           reference: execution.pipelineExecutionId)
    }

    /// Whether `word` occurs in `text` not surrounded by name characters.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }
        var searchStart = text.startIndex
        while let range = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before.map(isNameCharacter) ?? false), !(after.map(isNameCharacter) ?? false) { return true }
            searchStart = range.upperBound
        }
        return false
    }
}
