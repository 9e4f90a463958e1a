/// The path notation of `ValidationExceptionField.path` and ``ShapeDecodingError/path``.
///
/// Member names are joined with dots, list elements are `[index]` (zero-based) and map entries
/// are `[key]` (the key verbatim, no quoting):
///
///     title                                   top-level member
///     configuration.sourceAws.accountId       nested structure / union member
///     filter.status[0]                        first element of a list
///     tags[myKey]                             value (or key) of a map entry
///     serviceDetails.mcpserver.authorizationConfig.oAuthClientCredentials.exchangeParameters[scope]
///
/// URI, query-string and header members use their member names (not the wire names), like body
/// members. An empty path means the value itself.
public enum FieldPath {
    enum Component {
        case member(String)
        case index(Int)
        case key(String)
    }

    static func render(_ components: [Component]) -> String {
        var text = ""
        for component in components {
            switch component {
            case .member(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                text += "[\(key)]"
            }
        }
        return text
    }
}
