/// The `Set-Cookie` lines of the web app. The session cookie is HttpOnly (scripts never see it),
/// SameSite=Lax (sent on top-level navigation from a sign-in provider's redirect, not on
/// cross-site POSTs), Path=/, and Secure when the public URL is https.
struct SessionCookie: Sendable {
    static let name = "vigil_session"
    /// Pre-session cookie binding the sign-in form's CSRF token (login CSRF).
    static let signInName = "vigil_signin"

    var secure: Bool

    func set(_ value: String, maxAgeSeconds: Int) -> String {
        "\(Self.name)=\(value); Path=/; Max-Age=\(maxAgeSeconds); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    func clear() -> String {
        "\(Self.name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    func setSignIn(_ value: String) -> String {
        "\(Self.signInName)=\(value); Path=/auth; Max-Age=3600; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    func clearSignIn() -> String {
        "\(Self.signInName)=; Path=/auth; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
