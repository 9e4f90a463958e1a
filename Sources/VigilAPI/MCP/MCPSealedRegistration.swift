import Foundation
import VigilAPIModel
import VigilMCP

/// What is sealed in the service row of an MCP registration: the `serviceDetails` as sent (with
/// every secret) and, after an authorization-code flow, the tokens it yielded. Pure JSON mapping.
struct MCPSealedRegistration: Sendable {
    var serviceDetails: JSONValue
    var tokens: MCPOAuthTokens?

    func json() -> JSONValue {
        var out: [String: JSONValue] = ["serviceDetails": serviceDetails]
        if let tokens {
            var t: [String: JSONValue] = ["accessToken": .string(tokens.accessToken)]
            if let v = tokens.refreshToken { t["refreshToken"] = .string(v) }
            if let v = tokens.expiresAt { t["expiresAt"] = .double(v.timeIntervalSince1970) }
            if let v = tokens.tokenURL { t["tokenUrl"] = .string(v.absoluteString) }
            if let v = tokens.clientId { t["clientId"] = .string(v) }
            if let v = tokens.clientSecret { t["clientSecret"] = .string(v) }
            out["oauthTokens"] = .object(t)
        }
        return .object(out)
    }

    init(serviceDetails: JSONValue, tokens: MCPOAuthTokens?) {
        self.serviceDetails = serviceDetails
        self.tokens = tokens
    }

    init?(json: JSONValue) {
        guard let details = json["serviceDetails"] else { return nil }
        serviceDetails = details
        if let t = json["oauthTokens"], let access = t["accessToken"]?.stringValue {
            tokens = MCPOAuthTokens(accessToken: access, refreshToken: t["refreshToken"]?.stringValue,
                                    expiresAt: t["expiresAt"]?.doubleValue.map(Date.init(timeIntervalSince1970:)),
                                    tokenURL: t["tokenUrl"]?.stringValue.flatMap(URL.init(string:)),
                                    clientId: t["clientId"]?.stringValue, clientSecret: t["clientSecret"]?.stringValue)
        } else {
            tokens = nil
        }
    }

    /// The service type and parsed details of the sealed registration.
    func details() throws -> MCPServiceDetails {
        guard case .object(let members) = serviceDetails, members.count == 1, let (type, body) = members.first else {
            throw MCPError(.protocolViolation, "The stored registration is damaged")
        }
        return try MCPServiceDetails.parse(type: type, body: body)
    }
}
