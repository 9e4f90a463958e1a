import Foundation
import Testing
import VigilAWS

/// Cross-check with botocore's own decoder (`botocore.eventstream.EventStreamBuffer`), the
/// one boto3 uses for SendMessage. Python is `$VIGIL_PYTHON`, else `python3` on the PATH.
enum Python {
    static var executable: String {
        ProcessInfo.processInfo.environment["VIGIL_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    }

    /// Runs `python -c script args...`; returns (exit status, stdout, stderr).
    static func run(_ script: String, arguments: [String] = []) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable, "-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static let botocoreAvailable: Bool = {
        (try? run("import botocore.eventstream").status) == 0
    }()
}

@Suite("Event stream against botocore")
struct EventStreamBotocoreTests {
    static let decodeScript = #"""
import json, sys, uuid
from botocore.eventstream import EventStreamBuffer
buf = EventStreamBuffer()
with open(sys.argv[1], 'rb') as f:
    data = f.read()
# Feed in uneven chunks, as a socket would.
for i in range(0, len(data), 7):
    buf.add_data(data[i:i + 7])
out = []
for msg in buf:
    headers = []
    for name, value in msg.headers.items():
        if isinstance(value, bytes):
            value = {'bytes': value.hex()}
        elif isinstance(value, bool):
            value = {'bool': value}
        headers.append([name, value])
    out.append({'headers': headers, 'payload': msg.payload.hex(), 'status': msg.to_response_dict()['status_code']})
print(json.dumps(out))
"""#

    @Test(.enabled(if: Python.botocoreAvailable,
                   "botocore cannot be imported by python3 (install it, or point VIGIL_PYTHON at a Python that has it)"))
    func botocoreDecodesOurFrames() throws {
        let messages: [EventStreamMessage] = [
            .event(type: "responseCreated", json: Array(#"{"responseId":"r-1"}"#.utf8)),
            .event(type: "contentBlockDelta", json: Array(#"{"index":0,"delta":{"textDelta":{"text":"Héllo ✓ "}},"sequenceNumber":2}"#.utf8)),
            .event(type: "heartbeat", json: Array("{}".utf8)),
            .error(code: "ThrottlingException", message: "slow down"),
            EventStreamEncodingTests.allTypes,
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-eventstream-\(UUID().uuidString).bin")
        try Data(messages.flatMap { $0.encode() }).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let result = try Python.run(Self.decodeScript, arguments: [file.path])
        #expect(result.status == 0, "python failed: \(result.err)")
        let decoded = try #require(
            try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]], "not JSON: \(result.out)")
        #expect(decoded.count == messages.count)
        guard decoded.count == messages.count else { return }

        func headers(_ index: Int) -> [(String, Any)] {
            ((decoded[index]["headers"] as? [[Any]]) ?? []).compactMap { pair in
                guard pair.count == 2, let name = pair[0] as? String else { return nil }
                return (name, pair[1])
            }
        }
        func stringHeaders(_ index: Int) -> [String: String] {
            Dictionary(headers(index).compactMap { name, value in (value as? String).map { (name, $0) } }, uniquingKeysWith: { a, _ in a })
        }

        #expect(stringHeaders(0) == [":message-type": "event", ":event-type": "responseCreated", ":content-type": "application/json"])
        #expect(decoded[0]["payload"] as? String == hexString(Array(#"{"responseId":"r-1"}"#.utf8)))
        #expect(stringHeaders(1)[":event-type"] == "contentBlockDelta")
        #expect(decoded[1]["payload"] as? String == hexString(messages[1].payload))
        #expect(decoded[2]["payload"] as? String == hexString(Array("{}".utf8)))
        #expect(stringHeaders(3) == [":message-type": "error", ":error-code": "ThrottlingException", ":error-message": "slow down"])
        #expect(decoded[3]["payload"] as? String == "")
        // botocore maps :message-type=error to status 400 and events to 200.
        #expect(decoded.map { $0["status"] as? Int } == [200, 200, 200, 400, 200])

        // Every header type, as botocore reads it.
        let all = Dictionary(headers(4), uniquingKeysWith: { a, _ in a })
        #expect((all["t"] as? [String: Any])?["bool"] as? Bool == true)
        #expect((all["f"] as? [String: Any])?["bool"] as? Bool == false)
        #expect(all["b"] as? Int == -2)
        #expect(all["s"] as? Int == -300)
        #expect(all["i"] as? Int == -70000)
        #expect(all["l"] as? Int == -5_000_000_000)
        #expect((all["y"] as? [String: Any])?["bytes"] as? String == "00ff10")
        #expect(all["str"] as? String == "héllo")
        #expect(all["ts"] as? Int == 1_767_225_600_123)
        #expect((all["u"] as? [String: Any])?["bytes"] as? String == "123e4567e89b12d3a456426614174000")
        #expect(decoded[4]["payload"] as? String == "000102")
    }

    static let errorScript = #"""
import sys
from botocore.eventstream import EventStreamBuffer
buf = EventStreamBuffer()
with open(sys.argv[1], 'rb') as f:
    buf.add_data(f.read())
try:
    for msg in buf:
        pass
    print('ok')
except Exception as e:
    print(type(e).__name__)
"""#

    @Test(.enabled(if: Python.botocoreAvailable, "botocore cannot be imported by python3"))
    func botocoreRejectsWhatWeReject() throws {
        var corrupted = EventStreamMessage.event(type: "heartbeat", json: Array("{}".utf8)).encode()
        corrupted[corrupted.count - 5] ^= 0x01
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-eventstream-\(UUID().uuidString).bin")
        try Data(corrupted).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Python.run(Self.errorScript, arguments: [file.path])
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines) == "ChecksumMismatch", "\(result.out) \(result.err)")
        guard case .messageChecksumMismatch? = eventStreamError({ _ = try EventStreamDecoder.decodeAll(corrupted) }) else {
            Issue.record("our decoder must reject it too")
            return
        }
    }

    /// The other direction: frames written by Python (struct + zlib) decode here.
    @Test(.enabled(if: Python.botocoreAvailable, "python3 with botocore is not available"))
    func weDecodePythonFrames() throws {
        let script = #"""
import struct, sys, zlib
def header(name, value):
    n, v = name.encode(), value.encode()
    return bytes([len(n)]) + n + b'\x07' + struct.pack('>H', len(v)) + v
def frame(headers, payload):
    prelude = struct.pack('>II', 16 + len(headers) + len(payload), len(headers))
    message = prelude + struct.pack('>I', zlib.crc32(prelude)) + headers + payload
    return message + struct.pack('>I', zlib.crc32(message))
data = b''
for i in range(3):
    data += frame(header(':message-type', 'event') + header(':event-type', 'contentBlockDelta'),
                  ('{"text":"chunk %d"}' % i).encode())
sys.stdout.write(data.hex())
"""#
        let result = try Python.run(script)
        #expect(result.status == 0, "\(result.err)")
        let messages = try EventStreamDecoder.decodeAll(bytes(hex: result.out))
        #expect(messages.count == 3)
        for (index, message) in messages.enumerated() {
            #expect(message.header(":event-type") == .string("contentBlockDelta"))
            #expect(message.payload == Array(#"{"text":"chunk \#(index)"}"#.utf8))
        }
    }
}
