/// The role session name an identity-provider user gets: from `email`, else `preferred_username`,
/// else `sub`, cut to IAM's role-session charset `[\w+=,.@-]` and length 2 to 64.
public enum RoleSessionName {
    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")

    public static func from(email: String?, preferredUsername: String?, subject: String) -> String {
        let source = [email, preferredUsername].compactMap { $0 }.first { !sanitize($0).isEmpty } ?? subject
        var name = sanitize(source)
        if name.count > 64 { name = String(name.prefix(64)) }
        // Too short (or empty after sanitising): pad so the name still satisfies the minimum length.
        while name.count < 2 { name += "_" }
        return name
    }

    /// Every character outside the charset becomes `-`; leading and trailing `-` are dropped.
    static func sanitize(_ text: String) -> String {
        let mapped = String(text.map { allowed.contains($0) ? $0 : "-" })
        return String(mapped.drop(while: { $0 == "-" }).reversed().drop(while: { $0 == "-" }).reversed())
    }
}
