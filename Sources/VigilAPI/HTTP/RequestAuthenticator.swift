import Foundation
import VigilAWS
import VigilCore
import VigilIdentity

/// Establishes who sent a request by verifying its SigV4 signature against Vigil's access keys.
struct RequestAuthenticator: Sendable {
    let verifier: SigV4Verifier
    let accessKeys: AccessKeys

    init(account: AccountContext, accessKeys: AccessKeys, maxClockSkew: Double) {
        self.verifier = SigV4Verifier(service: "aidevops", allowedRegions: [account.region], maxClockSkew: maxClockSkew)
        self.accessKeys = accessKeys
    }

    func authenticate(_ request: SignableRequest, now: Date) async throws -> Principal {
        let authorization = try verifier.parse(request)
        guard let resolved = try await accessKeys.resolve(authorization.accessKeyId) else {
            throw SigV4Error.unrecognizedClient
        }
        if authorization.securityToken != nil {
            // Temporary credentials come with STS AssumeRole, which this server does not issue yet:
            // a session token can only be foreign, so the key is not one of ours.
            throw SigV4Error.unrecognizedClient
        }
        try verifier.verify(request, authorization: authorization, secretAccessKey: resolved.secretAccessKey, now: now)
        return resolved.principal
    }
}
