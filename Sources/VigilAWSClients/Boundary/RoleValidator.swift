import Foundation

/// The verdict on one association's role, for ValidateAwsAssociations.
public struct RoleValidation: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case valid
        case invalid
        /// Nothing was learnt about the role: STS could not be reached, was throttling, or
        /// refused Vigil's own credentials. Keep the association `pending-confirmation`.
        case undetermined
    }

    public enum Problem: Sendable, Equatable {
        case malformedRoleArn
        /// The role ARN names another account than the association.
        case accountMismatch(roleAccount: String, associatedAccount: String)
        /// STS refused AssumeRole (AWS says the same for a missing role and a trust policy that
        /// does not admit Vigil, its ExternalId or session tags).
        case accessDenied
        /// The role does not exist (seen by `iam:GetRole` with the session's own credentials).
        case roleNotFound
        /// STS answered with another error about the request.
        case rejected(code: String)
        /// Vigil's side: no base credentials, network, throttling, 5xx.
        case unavailable
    }

    public var status: Status
    /// One sentence a person can act on.
    public var reason: String
    public var problem: Problem?
    /// The session's ARN when the role was assumed.
    public var assumedRoleArn: String?

    public static func valid(_ reason: String, assumedRoleArn: String) -> RoleValidation {
        RoleValidation(status: .valid, reason: reason, problem: nil, assumedRoleArn: assumedRoleArn)
    }

    public static func invalid(_ problem: Problem, _ reason: String, assumedRoleArn: String? = nil) -> RoleValidation {
        RoleValidation(status: .invalid, reason: reason, problem: problem, assumedRoleArn: assumedRoleArn)
    }
}

/// Checks an association by really assuming its role, with exactly the parameters the factory's
/// clients use (ExternalId, session tags), then asking who the session is:
///
/// 1. the role ARN must parse and belong to the associated account (no call otherwise);
/// 2. STS AssumeRole, fresh (never from the cache), 15 minutes: AccessDenied → invalid;
/// 3. the session must be in the associated account (AssumedRoleUser ARN and GetCallerIdentity);
/// 4. `iam:GetRole` on the role with the session's credentials: NoSuchEntity → invalid. AWS
///    already refuses AssumeRole for a missing role, so this only decides where STS does not
///    look (moto assumes any ARN); AccessDenied here is ignored, the role need not read IAM.
public struct RoleValidator: Sendable {
    public let factory: AWSClientFactory

    public init(factory: AWSClientFactory) {
        self.factory = factory
    }

    /// Error codes that are about Vigil's own credentials, not the role.
    static let baseCredentialCodes: Set<String> = [
        "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
        "IncompleteSignature", "MissingAuthenticationToken", "UnrecognizedClientException",
    ]

    /// Validates every association of the factory's agent space, in order.
    public func validateAll() async -> [(association: AWSAccountAssociation, result: RoleValidation)] {
        var results: [(AWSAccountAssociation, RoleValidation)] = []
        for association in factory.boundary.associations {
            results.append((association, await validate(association)))
        }
        return results
    }

    public func validate(_ association: AWSAccountAssociation) async -> RoleValidation {
        guard let arn = IAMRoleARN(association.roleArn) else {
            return .invalid(.malformedRoleArn, "'\(association.roleArn)' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
        }
        guard arn.accountId == association.accountId else {
            return .invalid(.accountMismatch(roleAccount: arn.accountId, associatedAccount: association.accountId),
                            "the role \(association.roleArn) is in account \(arn.accountId), but the association is for account \(association.accountId)")
        }

        let request = factory.assumeRoleRequest(for: association, durationSeconds: 900)
        let session: AssumeRoleResult
        do {
            session = try await factory.baseSTS.assumeRole(request)
        } catch let error as AWSClientError {
            return Self.verdict(onAssumeRoleFailure: error, association: association, request: request)
        } catch {
            return RoleValidation(status: .undetermined, reason: "AssumeRole failed: \(error)", problem: .unavailable)
        }

        guard session.accountId == association.accountId else {
            return .invalid(.accountMismatch(roleAccount: session.accountId ?? "?", associatedAccount: association.accountId),
                            "STS returned a session in another account: \(session.assumedRoleArn)", assumedRoleArn: session.assumedRoleArn)
        }

        let sessionClient = AWSClient(
            region: factory.baseSTS.client.region, credentials: StaticCredentialProvider(session.credentials),
            transport: factory.baseSTS.client.transport, endpoints: factory.baseSTS.client.endpoints,
            accountId: association.accountId, policy: .readOnly())
        do {
            let identity = try await STSClient(sessionClient).getCallerIdentity()
            guard identity.account == association.accountId else {
                return .invalid(.accountMismatch(roleAccount: identity.account, associatedAccount: association.accountId),
                                "the session's caller identity is in account \(identity.account), not \(association.accountId)",
                                assumedRoleArn: session.assumedRoleArn)
            }
        } catch let error as AWSClientError {
            return RoleValidation(status: .undetermined, reason: "the role was assumed but GetCallerIdentity failed: \(error.description)",
                                  problem: .unavailable, assumedRoleArn: session.assumedRoleArn)
        } catch {
            return RoleValidation(status: .undetermined, reason: "GetCallerIdentity failed: \(error)", problem: .unavailable,
                                  assumedRoleArn: session.assumedRoleArn)
        }

        do {
            _ = try await IAMClient(sessionClient).getRole(name: arn.roleName)
        } catch let error as AWSClientError where error.code == "NoSuchEntity" {
            return .invalid(.roleNotFound, "the role \(association.roleArn) does not exist", assumedRoleArn: session.assumedRoleArn)
        } catch {
            // The role may not be allowed to read IAM; the assumption itself is the proof.
        }
        return .valid("assumed \(association.roleArn) as \(session.assumedRoleArn)", assumedRoleArn: session.assumedRoleArn)
    }

    static func verdict(onAssumeRoleFailure error: AWSClientError, association: AWSAccountAssociation, request: AssumeRoleRequest) -> RoleValidation {
        switch error.kind {
        case .service(let code, let message):
            if code == "AccessDenied" || code == "AccessDeniedException" {
                var hints = ["the role does not exist", "its trust policy does not allow Vigil's principal to call sts:AssumeRole"]
                if let externalId = request.externalId {
                    hints.append("it requires another sts:ExternalId than \(externalId)")
                }
                if !request.tags.isEmpty { hints.append("it does not allow sts:TagSession") }
                return .invalid(.accessDenied, "STS denied AssumeRole on \(association.roleArn) (AccessDenied: \(message)). "
                                + "Either " + hints.joined(separator: ", or ") + ".")
            }
            if baseCredentialCodes.contains(code) {
                return RoleValidation(status: .undetermined, reason: "STS refused Vigil's own credentials (\(code): \(message))",
                                      problem: .unavailable)
            }
            if RetryPolicy.isRetryable(code: code, status: error.httpStatus ?? 400) {
                return RoleValidation(status: .undetermined, reason: "STS is unavailable: \(error.description)", problem: .unavailable)
            }
            return .invalid(.rejected(code: code), "STS rejected AssumeRole on \(association.roleArn) (\(code): \(message))")
        default:
            return RoleValidation(status: .undetermined, reason: "AssumeRole could not be completed: \(error.description)",
                                  problem: .unavailable)
        }
    }
}
