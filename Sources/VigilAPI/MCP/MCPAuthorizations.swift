import Foundation
import VigilAWSClients
import VigilCore
import VigilMCP

/// Turns a registration's authorization form into what the MCP client sends.
enum MCPAuthorizations {
    /// `tokens` are the ones obtained by the authorization-code flow (only for `.authorizationCode`).
    static func make(_ form: MCPAuthForm, tokens: MCPOAuthTokens?, aws: AWSAccess?, sessionName: String) throws(APIError) -> MCPAuthorization {
        switch form {
        case .clientCredentials(let tokenURL, let clientId, let clientSecret, let scopes, let parameters):
            guard let url = URL(string: tokenURL) else { throw APIError.invalidField("exchangeUrl", "'\(tokenURL)' is not a URL") }
            return .oauthClientCredentials(MCPOAuthClient(tokenURL: url, clientId: clientId, clientSecret: clientSecret,
                                                          scopes: scopes, extraParameters: parameters))
        case .authorizationCode:
            guard let tokens else {
                throw APIError.validation("The OAuth authorization for this MCP server has not been completed")
            }
            return .oauthAuthorizationCode(tokens)
        case .apiKey(let header, let value):
            return .apiKey(header: header, value: value)
        case .bearer(let header, let token):
            // The model lets the token travel in another header than Authorization.
            return header.caseInsensitiveCompare("Authorization") == .orderedSame
                ? .bearer(token: token) : .apiKey(header: header, value: "Bearer \(token)")
        case .sigv4(let region, let service, let roleArn, let headers):
            guard let aws else {
                throw APIError.validation("SigV4 MCP servers need AWS access, which this Vigil server runs without")
            }
            let sts = STSClient(AWSClient(region: aws.allowedRegions.sorted().first ?? region, credentials: aws.baseCredentials,
                                          transport: aws.transport, endpoints: aws.endpoints))
            let provider = AssumeRoleCredentialProvider(
                request: AssumeRoleRequest(roleArn: roleArn, roleSessionName: sessionName), sts: sts)
            return .sigv4(MCPSigV4Signing(region: region, service: service, customHeaders: headers) {
                let credentials = try await provider.credentials()
                return MCPSigningCredentials(accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
                                             sessionToken: credentials.sessionToken)
            })
        case .discovery:
            guard let tokens else {
                throw APIError.validation("The OAuth authorization for this MCP server has not been completed")
            }
            return .oauthAuthorizationCode(tokens)
        }
    }
}
