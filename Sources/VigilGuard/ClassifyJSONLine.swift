import Foundation

/// The line protocol of `vigil guard classify`: input `{"text": ...}`, output
/// `{"label": 0|1, "score": S, "reasons": [...]}`, or `{"line": N, "error": "..."}` for a line that
/// is not a JSON object with a string member `text`.
public enum ClassifyJSONLine {
    public struct Output: Sendable, Equatable {
        public var json: String
        public var isError: Bool
    }

    public static func process(_ line: String, lineNumber: Int, classifier: InjectionClassifier = .standard) -> Output {
        switch text(of: line) {
        case .success(let text):
            let verdict = classifier.classify(text)
            let reasons = verdict.reasons.map(JSONStringLiteral.encode).joined(separator: ",")
            return Output(json: "{\"label\":\(verdict.label),\"score\":\(verdict.score),\"reasons\":[\(reasons)]}", isError: false)
        case .failure(let problem):
            return Output(json: "{\"line\":\(lineNumber),\"error\":\(JSONStringLiteral.encode(problem.message))}", isError: true)
        }
    }

    public struct Problem: Error, Equatable {
        public var message: String
    }

    /// The `text` member of one input line, or why the line is malformed.
    public static func text(of line: String) -> Result<String, Problem> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(Problem(message: "empty line")) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])
        } catch {
            return .failure(Problem(message: "not valid JSON"))
        }
        guard let dictionary = object as? [String: Any] else {
            return .failure(Problem(message: "expected a JSON object with a string member \"text\""))
        }
        guard let value = dictionary["text"] else { return .failure(Problem(message: "missing member \"text\"")) }
        guard let text = value as? String else { return .failure(Problem(message: "member \"text\" is not a string")) }
        return .success(text)
    }
}
