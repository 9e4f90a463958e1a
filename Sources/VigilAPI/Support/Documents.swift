import VigilAPIModel
import VigilCore
import VigilStore

/// Stored rows keep the API shape's own JSON, so what was written is exactly what is read back.
extension APIShape {
    init(_ stored: StoredDocument) throws {
        try self.init(document: stored.doc)
    }
}

extension JSONValue {
    /// The object without one member; used to fingerprint requests apart from their client token.
    func removing(_ member: String) -> JSONValue {
        if case .object(var members) = self {
            members.removeValue(forKey: member)
            return .object(members)
        }
        return self
    }
}

/// Listing sizes: the model's default when the caller gives none.
func pageSize(_ requested: Int?, default value: Int) -> Int {
    requested ?? value
}
