import Foundation

/// Resource identifiers. Random UUIDs in lowercase: they satisfy every id pattern of the model
/// (`[a-zA-Z0-9-]`, `[a-zA-Z0-9_.-]`) and reveal nothing about order or volume.
public enum Identifier {
    public static func make() -> String {
        UUID().uuidString.lowercased()
    }
}
