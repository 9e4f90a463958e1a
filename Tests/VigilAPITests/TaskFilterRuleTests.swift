import Foundation
import Testing
import VigilAPIModel
import VigilCore
@testable import VigilAPI

@Suite struct TaskFilterRuleTests {
    func rejects(_ filter: TaskFilter?, _ sort: TaskSortField?, path: String) {
        do {
            _ = try BacklogTaskHandlers.storeFilter(filter, sortField: sort)
            Issue.record("accepted a filter the documentation forbids")
        } catch {
            #expect(error.code == "ValidationException")
            #expect(error.fieldList?.first?.path == path)
        }
    }

    @Test func priorityAndStatusTogetherNeedATypeFilter() throws {
        rejects(TaskFilter(priority: [.high], status: [.inProgress]), nil, path: "filter")
        let allowed = try BacklogTaskHandlers.storeFilter(TaskFilter(priority: [.high], status: [.inProgress], taskType: [.investigation]), sortField: nil)
        #expect(allowed.priority == "HIGH" && allowed.status == "IN_PROGRESS" && allowed.taskType == "INVESTIGATION")
    }

    @Test func priorityOrderingIsRefusedWithTimestampsOrASingleStatusOrPriorityFilter() throws {
        rejects(TaskFilter(createdAfter: Date(timeIntervalSince1970: 0)), .priority, path: "sortField")
        rejects(TaskFilter(status: [.completed]), .priority, path: "sortField")
        rejects(TaskFilter(priority: [.low]), .priority, path: "sortField")
        _ = try BacklogTaskHandlers.storeFilter(TaskFilter(createdAfter: Date(timeIntervalSince1970: 0)), sortField: .createdAt)
        _ = try BacklogTaskHandlers.storeFilter(TaskFilter(taskType: [.evaluation]), sortField: .priority)
    }

    @Test func anEmptyTimeWindowIsRefused() {
        rejects(TaskFilter(createdAfter: Date(timeIntervalSince1970: 10), createdBefore: Date(timeIntervalSince1970: 5)), nil,
                path: "filter.createdBefore")
    }
}

@Suite struct ChatEventStreamTests {
    @Test func framesFollowTheDocumentedOrderAndRejoinTheText() throws {
        let text = "First sentence. Second one.\nThird"
        let frames = ChatEventStream.frames(for: text, responseId: "r")
        let types = frames.compactMap { $0.header(":event-type")?.stringValue }
        #expect(types == ["responseCreated", "responseInProgress", "contentBlockStart",
                          "contentBlockDelta", "contentBlockDelta", "contentBlockDelta",
                          "contentBlockStop", "responseCompleted"])
        var rejoined = ""
        for (index, frame) in frames.enumerated() {
            let payload = try JSONParser.parse(frame.payload)
            #expect(payload["sequenceNumber"] == .int(Int64(index)))
            if case .string(let piece)? = payload["delta"]?["textDelta"]?["text"] { rejoined += piece }
        }
        #expect(rejoined == text)
    }
}
