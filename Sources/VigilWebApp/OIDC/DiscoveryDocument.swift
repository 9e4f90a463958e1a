import Foundation
import VigilAPIModel

/// The parts of an issuer's `/.well-known/openid-configuration` the sign-in uses.
public struct DiscoveryDocument: Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String
    /// `client_secret_basic` unless the issuer says it only accepts `client_secret_post`.
    public var usesClientSecretPost: Bool

    public init(issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String, usesClientSecretPost: Bool = false) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.usesClientSecretPost = usesClientSecretPost
    }

    /// Parses and checks the document against the configured issuer (OpenID Connect Discovery §4.3:
    /// the `issuer` it states must be identical to the one it was fetched for).
    public init(document: [UInt8], expectedIssuer: String) throws(OIDCError) {
        guard let object = try? JSONParser.parse(document).objectValue else { throw .discoveryFailed("not a JSON object") }
        func url(_ name: String) throws(OIDCError) -> String {
            // The client secret and the code travel to these endpoints: https only, like the issuer.
            guard let text = object[name]?.stringValue, let parsed = URL(string: text), parsed.scheme == "https", parsed.host != nil
            else { throw .discoveryFailed("\(name) is missing or not an https URL") }
            return text
        }
        guard let issuer = object["issuer"]?.stringValue else { throw .discoveryFailed("issuer is missing") }
        guard Self.sameIssuer(issuer, expectedIssuer) else { throw .discoveryFailed("it names another issuer") }
        self.issuer = issuer
        authorizationEndpoint = try url("authorization_endpoint")
        tokenEndpoint = try url("token_endpoint")
        jwksURI = try url("jwks_uri")
        let methods = object["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? ["client_secret_basic"]
        usesClientSecretPost = !methods.contains("client_secret_basic") && methods.contains("client_secret_post")
    }

    /// Issuers compare as strings; a trailing slash in the configuration is tolerated.
    static func sameIssuer(_ a: String, _ b: String) -> Bool {
        a == b || a.trimmingTrailingSlash == b.trimmingTrailingSlash
    }

    /// Where the discovery document of an issuer lives.
    public static func location(issuer: String) -> String {
        issuer.trimmingTrailingSlash + "/.well-known/openid-configuration"
    }
}

extension String {
    var trimmingTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
