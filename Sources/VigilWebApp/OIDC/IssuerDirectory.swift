import Foundation

/// Per-issuer knowledge kept between sign-ins: discovery documents (an hour) and signing keys
/// (by `kid`, fetched again once when a token names a key not yet known, for key rotation).
public actor IssuerDirectory {
    let transport: any OIDCTransport
    let discoveryLifetime: TimeInterval
    private var discovery: [String: (document: DiscoveryDocument, fetchedAt: Date)] = [:]
    private var keys: [String: JSONWebKeySet] = [:]

    public init(transport: any OIDCTransport, discoveryLifetime: TimeInterval = 3600) {
        self.transport = transport
        self.discoveryLifetime = discoveryLifetime
    }

    public func discoveryDocument(issuer: String, now: Date = Date()) async throws(OIDCError) -> DiscoveryDocument {
        if let cached = discovery[issuer], now.timeIntervalSince(cached.fetchedAt) < discoveryLifetime { return cached.document }
        let location = DiscoveryDocument.location(issuer: issuer)
        let answer: (status: Int, body: [UInt8])
        do { answer = try await transport.get(location) } catch {
            throw .discoveryFailed("the issuer could not be reached (\(Self.describe(error)))")
        }
        guard answer.status == 200 else { throw .discoveryFailed("HTTP \(answer.status)") }
        let document = try DiscoveryDocument(document: answer.body, expectedIssuer: issuer)
        discovery[issuer] = (document, now)
        return document
    }

    /// Verifies signature and claims; the key set is fetched when missing and at most once more
    /// when the token's key is not in it.
    public func verify(idToken compact: String, jwksURI: String, rules: IDTokenRules, now: Date = Date()) async throws(OIDCError) -> IDTokenRules.Subject {
        let token = try CompactJWS(compact: compact)
        try IDTokenVerifier.checkAlgorithm(token.algorithm)
        var set: JSONWebKeySet
        var fresh = false
        if let cached = keys[jwksURI] { set = cached } else {
            set = try await fetchKeys(jwksURI)
            fresh = true
        }
        if set.key(for: token.keyId, algorithm: token.algorithm) == nil, !fresh {
            set = try await fetchKeys(jwksURI)
        }
        return try IDTokenVerifier.verify(token, keys: set, rules: rules, now: now)
    }

    /// Sends the token request and returns the ID token of the answer.
    public func exchange(tokenEndpoint: String, headers: [(String, String)], body: String) async throws(OIDCError) -> String {
        let answer: (status: Int, body: [UInt8])
        do { answer = try await transport.postForm(tokenEndpoint, headers: headers, body: body) } catch {
            throw .tokenEndpointUnreachable(Self.describe(error))
        }
        return try OIDCRequests.idToken(fromTokenResponse: answer.body, status: answer.status)
    }

    private func fetchKeys(_ uri: String) async throws(OIDCError) -> JSONWebKeySet {
        let answer: (status: Int, body: [UInt8])
        do { answer = try await transport.get(uri) } catch {
            throw .keySetUnavailable("the issuer could not be reached (\(Self.describe(error)))")
        }
        guard answer.status == 200 else { throw .keySetUnavailable("HTTP \(answer.status)") }
        let set = try JSONWebKeySet(document: answer.body)
        keys[uri] = set
        return set
    }

    /// A transport error's kind for the page, without URLs or payloads.
    static func describe(_ error: any Error) -> String {
        String(describing: type(of: error))
    }
}
