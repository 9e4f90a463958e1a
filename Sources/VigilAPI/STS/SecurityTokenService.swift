import Crypto
import Foundation
import VigilCore
import VigilIdentity
import VigilPolicy
import VigilStore

/// AssumeRole and GetCallerIdentity for the roles and principals of Vigil's own account.
struct SecurityTokenService: Sendable {
    let env: APIEnvironment

    init(environment: APIEnvironment) {
        env = environment
    }

    func perform(_ parameters: [String: String], caller: Principal, requestId: String) async throws -> String {
        switch parameters["Action"] {
        case "GetCallerIdentity":
            return """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
                <Arn>\(XML.escape(caller.arn))</Arn><UserId>\(XML.escape(caller.uniqueId))</UserId>\
                <Account>\(env.account.accountId)</Account></GetCallerIdentityResult>\
                <ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></GetCallerIdentityResponse>
                """
        case "AssumeRole":
            return try await assumeRole(parameters, caller: caller, requestId: requestId)
        case let action?:
            throw STSError(code: "InvalidAction", message: "Could not find operation \(action) for version 2011-06-15", status: 400)
        case nil:
            throw STSError(code: "MissingAction", message: "Missing Action", status: 400)
        }
    }

    private func assumeRole(_ p: [String: String], caller: Principal, requestId: String) async throws -> String {
        guard let roleArn = p["RoleArn"], !roleArn.isEmpty else { throw STSError.validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null") }
        guard let sessionName = p["RoleSessionName"] else { throw STSError.validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null") }
        let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        guard (2...64).contains(sessionName.count), sessionName.allSatisfy({ nameCharacters.contains($0) }) else {
            throw STSError.validation("1 validation error detected: Value '\(sessionName)' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*, length 2 to 64")
        }
        var duration = 3600
        if let text = p["DurationSeconds"] {
            guard let value = Int(text), value >= 900 else { throw STSError.validation("DurationSeconds must be an integer of at least 900") }
            duration = value
        }
        var sessionTags: [String: String] = [:]
        var index = 1
        while let key = p["Tags.member.\(index).Key"] {
            sessionTags[key] = p["Tags.member.\(index).Value"] ?? ""
            index += 1
        }
        let sessionPolicy = p["Policy"]
        if let sessionPolicy {
            do { _ = try Policy(name: "session policy", json: sessionPolicy) } catch {
                throw STSError(code: "MalformedPolicyDocument", message: "The session policy is not valid: \(error)", status: 400)
            }
        }
        // Roles of other accounts are not Vigil's to hand out; answer as for a role that does not allow it.
        let denied = STSError.accessDenied("User: \(caller.arn) is not authorized to perform: sts:AssumeRole on resource: \(roleArn)")
        let store = env.store
        guard let role = try await store.read({ tx in try tx.iam.principal(arn: roleArn) }), role.kind == .role,
              role.trustPolicy != nil
        else { throw denied }
        guard duration <= role.maxSessionSeconds ?? 3600 else {
            throw STSError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        // The trust policy must name the caller (or its account), with its conditions met.
        var requestKeys: [String: [String]] = [:]
        if let externalId = p["ExternalId"] { requestKeys["sts:ExternalId"] = [externalId] }
        for (key, value) in sessionTags { requestKeys["aws:RequestTag/\(key)"] = [value] }
        if !sessionTags.isEmpty { requestKeys["aws:TagKeys"] = Array(sessionTags.keys) }
        guard try await RoleAssumption.permits(role: role, caller: caller, context: requestKeys, environment: env) else { throw denied }
        // Issue the credentials: the secret sealed, the token kept only as a digest.
        let credentials = AccessKeys.generateTemporary()
        let token = SessionToken.make()
        let now = Date()
        let expires = now.addingTimeInterval(TimeInterval(duration))
        let session = SessionTable.Session(
            accessKeyId: credentials.accessKeyId, roleArn: role.arn, sessionName: sessionName,
            secretSealed: try env.secrets.seal(credentials.secretAccessKey, context: "access-key:\(credentials.accessKeyId)"),
            tokenHash: SessionToken.digest(token), sessionPolicy: sessionPolicy, tags: sessionTags,
            expiresAt: expires, createdAt: now)
        try await store.write { tx in try tx.sessions.insert(session) }
        let formatter = ISO8601DateFormatter()
        env.logger.info("role assumed", metadata: ["role": .string(role.arn), "session": .string(sessionName),
                                                    "caller": .string(caller.arn), "accessKeyId": .string(credentials.accessKeyId)])
        return """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>\
            <Credentials><AccessKeyId>\(credentials.accessKeyId)</AccessKeyId>\
            <SecretAccessKey>\(XML.escape(credentials.secretAccessKey))</SecretAccessKey>\
            <SessionToken>\(XML.escape(token))</SessionToken><Expiration>\(formatter.string(from: expires))</Expiration></Credentials>\
            <AssumedRoleUser><AssumedRoleId>\(role.uniqueId):\(XML.escape(sessionName))</AssumedRoleId>\
            <Arn>arn:aws:sts::\(env.account.accountId):assumed-role/\(XML.escape(role.name))/\(XML.escape(sessionName))</Arn></AssumedRoleUser>\
            <PackedPolicySize>0</PackedPolicySize></AssumeRoleResult>\
            <ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></AssumeRoleResponse>
            """
    }
}
