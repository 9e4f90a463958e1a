import Foundation

/// Static keys from a profile of the shared credentials and config files.
///
/// - Profile: the `profile` argument, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
/// - Files: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`) and `AWS_CONFIG_FILE`
///   (default `~/.aws/config`); `~` is `HOME`.
/// - In the credentials file a profile is `[name]`; in the config file it is `[profile name]`
///   (`[default]` too for the default profile; `[name]` alone is not a profile there).
/// - The credentials file wins over the config file for the same profile, as in botocore.
/// - Keys `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` (or the older
///   `aws_security_token`).
///
/// Profiles that get credentials another way (`role_arn`, `credential_process`, `sso_*`,
/// `web_identity_token_file`) are reported as unsupported instead of being skipped. A profile
/// named explicitly that exists in neither file is an error; a missing `default` is `notFound`.
/// The files are read on first use and kept (as the AWS SDKs do).
public final class ProfileCredentialProvider: CredentialProvider {
    public let profile: String
    public let credentialsFile: String
    public let configFile: String
    private let explicitProfile: Bool
    private let cache = Locked<AWSCredentials?>(nil)

    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let chosen = profile ?? value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE")
        self.profile = chosen ?? "default"
        self.explicitProfile = chosen != nil
        let home = value("HOME") ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
        }
        self.credentialsFile = expand(value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
        self.configFile = expand(value("AWS_CONFIG_FILE") ?? "~/.aws/config")
    }

    public var providerName: String { "profile \"\(profile)\"" }

    public func credentials() async throws -> AWSCredentials {
        if let cached = cache.withLock({ $0 }) { return cached }
        let resolved = try resolve()
        cache.withLock { $0 = resolved }
        return resolved
    }

    private func read(_ path: String) throws -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError(.invalid, provider: providerName, "cannot read \(path)")
        }
        return INIFile(parsing: String(decoding: data, as: UTF8.self))
    }

    func resolve() throws -> AWSCredentials {
        let fromCredentials = try read(credentialsFile)?.section(profile)
        let config = try read(configFile)
        let fromConfig = config?.section("profile \(profile)") ?? (profile == "default" ? config?.section("default") : nil)

        for (section, file) in [(fromCredentials, credentialsFile), (fromConfig, configFile)] {
            guard let section else { continue }
            if let credentials = try keys(in: section, file: file) { return credentials }
        }
        let merged = (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { $1 }
        if fromCredentials != nil || fromConfig != nil {
            let other = ["role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file"]
                .filter { merged[$0] != nil }
            if !other.isEmpty {
                throw CredentialError(.invalid, provider: providerName,
                                      "the profile gets credentials through \(other.joined(separator: ", ")), which Vigil does not support; give it aws_access_key_id and aws_secret_access_key")
            }
            throw CredentialError(explicitProfile ? .invalid : .notFound, provider: providerName,
                                  "the profile has no aws_access_key_id and aws_secret_access_key")
        }
        throw CredentialError(explicitProfile ? .invalid : .notFound, provider: providerName,
                              "no such profile in \(credentialsFile) or \(configFile)")
    }

    private func keys(in section: [String: String], file: String) throws -> AWSCredentials? {
        func value(_ key: String) -> String? { section[key].flatMap { $0.isEmpty ? nil : $0 } }
        switch (value("aws_access_key_id"), value("aws_secret_access_key")) {
        case (nil, nil):
            return nil
        case (let keyId?, let secret?):
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret,
                                  sessionToken: value("aws_session_token") ?? value("aws_security_token"))
        default:
            throw CredentialError(.invalid, provider: providerName,
                                  "\(file) has only one of aws_access_key_id and aws_secret_access_key")
        }
    }
}
