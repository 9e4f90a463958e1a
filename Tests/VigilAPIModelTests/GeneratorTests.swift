import Foundation
import Testing

/// Locating the repository and python3 with botocore for the regeneration check.
enum GeneratorEnvironment {
    /// The repository root: this file is `Tests/VigilAPIModelTests/GeneratorTests.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let generatedDirectory = repositoryRoot.appendingPathComponent("Sources/VigilAPIModel/Generated")

    static let botocoreAvailable: Bool = (try? python(["-c", "import botocore"]).status) == 0

    /// Runs `python3 <arguments>` in the repository root.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

@Suite("Generator")
struct GeneratorTests {
    @Test(.enabled(if: GeneratorEnvironment.botocoreAvailable, "python3 cannot import botocore, so the model cannot be regenerated"))
    func regeneratingGivesByteIdenticalOutput() throws {
        let fileManager = FileManager.default
        let temporary = fileManager.temporaryDirectory.appendingPathComponent("vigil-apimodel-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: temporary) }
        let result = try GeneratorEnvironment.python(["scripts/generate-api-model.py", "--output", temporary.path])
        try #require(result.status == 0, "generator failed: \(result.output)")

        let committed = try fileManager.contentsOfDirectory(atPath: GeneratorEnvironment.generatedDirectory.path).sorted()
        let regenerated = try fileManager.contentsOfDirectory(atPath: temporary.path).sorted()
        #expect(regenerated == committed)
        #expect(committed.contains("README.md") && committed.contains("ServiceModel.swift"))
        for name in regenerated {
            let expected = try Data(contentsOf: GeneratorEnvironment.generatedDirectory.appendingPathComponent(name))
            let actual = try Data(contentsOf: temporary.appendingPathComponent(name))
            #expect(actual == expected, "\(name) differs from a fresh run of scripts/generate-api-model.py; regenerate and commit")
        }
    }
}
