/// One element of a compiled wildcard pattern.
enum GlobToken: Sendable {
    /// Bytes of the literal arena.
    case literal(ByteRange)
    /// `?`: one character (one UTF-8 scalar).
    case anyCharacter
    /// `*`: any run of characters, possibly empty.
    case star
    /// A policy variable: index into the variable arena.
    case variable(Int32)
}

enum GlobShape: UInt8, Sendable {
    /// `*` alone.
    case everything
    /// One literal (or nothing).
    case exact
    /// A literal followed by `*`.
    case prefix
    case general
}

/// Wildcard matching over UTF-8 bytes, without regular expressions: a linear scan with one
/// backtrack point (the last `*`), which is exact because every other token matches a fixed
/// number of bytes once variables are resolved.
enum GlobMatcher {
    /// ASCII lowercase; other bytes unchanged.
    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    /// Turns a template into tokens, appending literal bytes (folded when `foldCase`) to
    /// `literals` and handing variables to `addVariable`, which returns their arena index.
    static func compile(_ template: Template, wildcards: Bool, foldCase: Bool, literals: inout [UInt8],
                        addVariable: (PolicyVariable) -> Int32) -> [GlobToken] {
        var tokens: [GlobToken] = []
        var pendingStart = literals.count
        func flush() {
            if literals.count > pendingStart {
                tokens.append(.literal(ByteRange(start: Int32(pendingStart), count: Int32(literals.count - pendingStart))))
            }
            pendingStart = literals.count
        }
        for part in template.parts {
            switch part {
            case .text(let text):
                for byte in text.utf8 {
                    if wildcards, byte == UInt8(ascii: "*") {
                        flush()
                        if case .star? = tokens.last {} else { tokens.append(.star) }
                    } else if wildcards, byte == UInt8(ascii: "?") {
                        flush()
                        tokens.append(.anyCharacter)
                    } else {
                        literals.append(foldCase ? fold(byte) : byte)
                    }
                }
            case .escaped(let byte):
                literals.append(foldCase ? fold(byte) : byte)
            case .variable(let variable):
                flush()
                tokens.append(.variable(addVariable(variable)))
            }
        }
        flush()
        return tokens
    }

    static func shape(of tokens: [GlobToken]) -> GlobShape {
        switch (tokens.count, tokens.first, tokens.last) {
        case (0, _, _): .exact
        case (1, .star?, _): .everything
        case (1, .literal?, _): .exact
        case (2, .literal?, .star?): .prefix
        default: .general
        }
    }

    /// Whether all of `text` matches `tokens`. `values[i]` is the resolved value of variable
    /// `variableBase + i`.
    static func run(_ tokens: UnsafeBufferPointer<GlobToken>, literals: UnsafeBufferPointer<UInt8>,
                    text: UnsafeBufferPointer<UInt8>, foldCase: Bool,
                    values: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>, variableBase: Int) -> Bool {
        let count = text.count
        var t = 0
        var p = 0
        var starP = -1
        var starT = 0
        while true {
            if p < tokens.count {
                switch tokens[p] {
                case .star:
                    starP = p
                    starT = t
                    p += 1
                    continue
                case .anyCharacter:
                    if t < count {
                        t += 1
                        while t < count, text[t] & 0xC0 == 0x80 { t += 1 }
                        p += 1
                        continue
                    }
                case .literal(let range):
                    let length = Int(range.count)
                    if t + length <= count, equal(literals, Int(range.start), text, t, length, foldCase) {
                        t += length
                        p += 1
                        continue
                    }
                case .variable(let index):
                    let value = values[Int(index) - variableBase]
                    if t + value.count <= count, equal(value, 0, text, t, value.count, foldCase) {
                        t += value.count
                        p += 1
                        continue
                    }
                }
            } else if t == count {
                return true
            }
            guard starP >= 0, starT < count else { return false }
            starT += 1
            while starT < count, text[starT] & 0xC0 == 0x80 { starT += 1 }
            t = starT
            p = starP + 1
        }
    }

    /// `pattern[start..<start+length]` equals `text[offset..<offset+length]` (text folded when
    /// `foldCase`; folded patterns are stored folded, variable values are folded here).
    @inline(__always)
    static func equal(_ pattern: UnsafeBufferPointer<UInt8>, _ start: Int, _ text: UnsafeBufferPointer<UInt8>,
                      _ offset: Int, _ length: Int, _ foldCase: Bool) -> Bool {
        if foldCase {
            for index in 0..<length where fold(pattern[start + index]) != fold(text[offset + index]) { return false }
        } else {
            for index in 0..<length where pattern[start + index] != text[offset + index] { return false }
        }
        return true
    }
}

/// A standalone wildcard pattern without variables (action names in the linter, tests).
struct Glob: Sendable {
    private let tokens: [GlobToken]
    private let literals: [UInt8]
    private let foldCase: Bool

    init(_ pattern: String, wildcards: Bool = true, foldCase: Bool = false) {
        var literals: [UInt8] = []
        tokens = GlobMatcher.compile(Template.literal(pattern), wildcards: wildcards, foldCase: foldCase,
                                     literals: &literals, addVariable: { _ in 0 })
        self.literals = literals
        self.foldCase = foldCase
    }

    func matches(_ text: String) -> Bool {
        withUTF8Bytes(text) { bytes in
            tokens.withUnsafeBufferPointer { tokens in
                literals.withUnsafeBufferPointer { literals in
                    GlobMatcher.run(tokens, literals: literals, text: bytes, foldCase: foldCase,
                                    values: UnsafeBufferPointer(start: nil, count: 0), variableBase: 0)
                }
            }
        }
    }
}

/// Calls `body` with the UTF-8 bytes of `text` without copying native strings.
@inline(__always)
func withUTF8Bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
}
