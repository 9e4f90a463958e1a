import Foundation
import VigilAWS
import VigilCore
import VigilIdentity

/// Establishes who sent a request by verifying its SigV4 signature against Vigil's access keys.
struct RequestAuthenticator: Sendable {
    let verifier: SigV4Verifier
    let accessKeys: AccessKeys

    init(service: String = "aidevops", account: AccountContext, accessKeys: AccessKeys, maxClockSkew: Double) {
        self.verifier = SigV4Verifier(service: service, allowedRegions: [account.region], maxClockSkew: maxClockSkew)
        self.accessKeys = accessKeys
    }

    func authenticate(_ request: SignableRequest, now: Date) async throws -> Principal {
        let authorization = try verifier.parse(request)
        guard let resolved = try await accessKeys.resolve(authorization.accessKeyId) else {
            throw SigV4Error.unrecognizedClient
        }
        // Temporary credentials must present their session token; long-term keys must not carry one.
        switch (resolved.sessionTokenDigest, authorization.securityToken) {
        case (nil, nil):
            break
        case (let digest?, let token?):
            guard SessionToken.matches(token, digest: digest) else { throw SigV4Error.unrecognizedClient }
        default:
            throw SigV4Error.unrecognizedClient
        }
        try verifier.verify(request, authorization: authorization, secretAccessKey: resolved.secretAccessKey, now: now)
        return resolved.principal
    }
}
