import Foundation
import Mustache

/// Renders the templates of `Templates/`. Templates use `{{x}}` only (HTML-escaped); a test
/// checks that none uses the unescaped forms. Pages share the `header` and `footer` partials.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let assets: StaticAssets

    init(templates directory: URL, assets: StaticAssets) throws {
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
        self.assets = assets
    }

    /// The page `template` with `context`, plus what every page needs (asset paths, the header).
    func render(_ template: String, title: String, session: ActiveSession?, _ context: [String: Any]) -> String {
        // A nil wrapped in `Any`, or an empty string, would count as present in a section; an
        // absent key is false and renders as nothing, so both are dropped.
        var full = Self.clean(context)
        full["pageTitle"] = Untrusted.cut(title, 120)
        full["css"] = assets.paths["app.css"] ?? ""
        full["liveScript"] = assets.paths["live.js"] ?? ""
        full["favicon"] = assets.paths["favicon.svg"] ?? ""
        if let session {
            full["session"] = ["displayName": Untrusted.cut(session.displayName, 80), "csrf": session.csrfToken,
                               "principalArn": session.principal.arn]
        }
        return library.render(full, withTemplate: template) ?? "Template \(template) is missing"
    }

    static func clean(_ dictionary: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        out.reserveCapacity(dictionary.count)
        for (key, value) in dictionary {
            if isNil(value) { continue }
            switch value {
            case let text as String where text.isEmpty: continue
            case let nested as [String: Any]: out[key] = clean(nested)
            case let rows as [[String: Any]]: out[key] = rows.map(clean)
            default: out[key] = value
            }
        }
        return out
    }

    static func isNil(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }

    static var bundledTemplates: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }
    static var bundledStatic: URL? { Bundle.module.url(forResource: "Static", withExtension: nil) }
}
