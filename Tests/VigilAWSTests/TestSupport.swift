import Foundation
import Testing
import VigilAWS

/// Runs `body` and returns the SigV4Error it threw, or nil when it succeeded.
func sigV4Error(_ body: () throws -> Void) -> SigV4Error? {
    do {
        try body()
        return nil
    } catch let error as SigV4Error {
        return error
    } catch {
        Issue.record("expected a SigV4Error, got \(error)")
        return nil
    }
}

/// Runs `body` and returns the EventStreamError it threw, or nil when it succeeded.
func eventStreamError(_ body: () throws -> Void) -> EventStreamError? {
    do {
        try body()
        return nil
    } catch let error as EventStreamError {
        return error
    } catch {
        Issue.record("expected an EventStreamError, got \(error)")
        return nil
    }
}

/// Bytes from a hex string written in a test (whitespace ignored).
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8.filter { !$0.isWhitespaceASCII })
    precondition(digits.count % 2 == 0, "odd hex literal in a test")
    func value(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: preconditionFailure("bad hex digit in a test literal")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

private extension UInt8 {
    var isWhitespaceASCII: Bool { self == 0x20 || self == 0x0A || self == 0x09 || self == 0x0D }
}

/// Bit-by-bit CRC-32 (IEEE), written independently of the table-driven implementation.
func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            let mask = UInt32(0) &- (crc & 1)
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask)
        }
    }
    return ~crc
}

func bigEndianBytes(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

/// Assembles a frame by hand from the spec: lengths, prelude CRC, headers, payload, message CRC.
func handFrame(headers: [UInt8], payload: [UInt8]) -> [UInt8] {
    var frame = bigEndianBytes(UInt32(16 + headers.count + payload.count)) + bigEndianBytes(UInt32(headers.count))
    frame += bigEndianBytes(bitwiseCRC32(frame))
    frame += headers + payload
    frame += bigEndianBytes(bitwiseCRC32(frame))
    return frame
}

/// A type-7 (string) header as the spec lays it out.
func handStringHeader(_ name: String, _ value: String) -> [UInt8] {
    let n = Array(name.utf8), v = Array(value.utf8)
    return [UInt8(n.count)] + n + [7, UInt8(v.count >> 8), UInt8(v.count & 0xFF)] + v
}

extension SignableRequest {
    func replacingHeader(_ name: String, with value: String) -> SignableRequest {
        var copy = self
        copy.headers = headers.map { $0.name.lowercased() == name.lowercased() ? ($0.name, value) : $0 }
        return copy
    }

    func removingHeader(_ name: String) -> SignableRequest {
        var copy = self
        copy.removeHeaders(name)
        return copy
    }
}
