import Foundation
import Testing
import VigilCore
@testable import VigilServer

@Suite struct ServerConfigurationTests {
    func file(_ json: String) throws -> String {
        let path = NSTemporaryDirectory() + "vigil-config-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let path = try file(#"{"dataDir": "/from/file", "port": 9000, "region": "eu-west-1", "maxAgentSpaces": 7, "logLevel": "debug"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ServerConfiguration.load(
            file: path, environment: ["VIGIL_PORT": "9100", "VIGIL_ACCOUNT_ID": "123456789012"], overrides: ["port": "9200"])
        #expect(config.dataDirectory == "/from/file")
        #expect(config.port == 9200)
        #expect(config.region == "eu-west-1")
        #expect(config.accountId == "123456789012")
        #expect(config.maxAgentSpaces == 7)
        #expect(config.logLevel == .debug)
        #expect(config.resolvedPublicURL == "http://127.0.0.1:9200")
    }

    @Test func rejectsUnknownKeysBadValuesAndHalfACredential() throws {
        let unknown = try file(#"{"dataDir": "/d", "prot": 1}"#)
        defer { try? FileManager.default.removeItem(atPath: unknown) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(file: unknown, environment: [:], overrides: [:]) }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["VIGIL_PORT": "99999"], overrides: ["dataDir": "/d"])
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["VIGIL_ACCOUNT_ID": "12345"], overrides: ["dataDir": "/d"])
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["VIGIL_ADMIN_ACCESS_KEY_ID": "AKIAONLY"], overrides: ["dataDir": "/d"])
        }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(file: nil, environment: [:], overrides: [:]) }
    }
}
