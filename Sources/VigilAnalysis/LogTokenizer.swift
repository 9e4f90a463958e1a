// Byte-level tokenizer and masker for log messages (no regular expressions, no per-token
// allocation). A message is split on whitespace and on structural delimiters; every
// variable-looking value is replaced by a wildcard. See docs/log-templates.md.

/// The key of a wildcard (`<*>`) token. Literal and punctuation tokens never have this key.
@usableFromInline let wildcardKey: UInt64 = 0

/// Rendering of a wildcard token in templates.
public let logTemplateWildcard = "<*>"

/// FNV-1a, 64 bit: stable across runs and platforms (unlike `Hasher`), so token keys can be
/// persisted in snapshots.
@inline(__always)
func fnv1a(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var h = seed
    var i = start
    while i < end {
        h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
        i += 1
    }
    return h == wildcardKey ? 1 : h
}

/// Key of a single punctuation byte (a different seed from literals).
@inline(__always)
func punctKey(_ byte: UInt8) -> UInt64 {
    let h = (0x84222325_cbf29ce4 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    return h == wildcardKey ? 1 : h
}

/// The tokens of one message, reused from message to message (fixed capacity, raw storage:
/// no allocation or uniqueness check per token).
final class TokenBuffer {
    let capacity: Int
    var count = 0
    /// Token keys; `wildcardKey` for masked values.
    let keys: UnsafeMutablePointer<UInt64>
    /// Byte range of each token in the message (literal and punctuation tokens).
    let starts: UnsafeMutablePointer<Int32>
    let lengths: UnsafeMutablePointer<Int32>
    /// True when no whitespace separates the token from the previous one.
    let glue: UnsafeMutablePointer<Bool>
    /// True for structural tokens ( ( ) [ ] { } < > , ; = : | quotes, dot runs and so on).
    let punct: UnsafeMutablePointer<Bool>
    /// True for month and weekday names (masked when next to another masked value).
    let dateWord: UnsafeMutablePointer<Bool>
    var hasDateWords = false
    var truncated = false

    init(capacity: Int) {
        self.capacity = max(2, capacity)
        keys = .allocate(capacity: self.capacity)
        starts = .allocate(capacity: self.capacity)
        lengths = .allocate(capacity: self.capacity)
        glue = .allocate(capacity: self.capacity)
        punct = .allocate(capacity: self.capacity)
        dateWord = .allocate(capacity: self.capacity)
    }

    deinit {
        keys.deallocate(); starts.deallocate(); lengths.deallocate()
        glue.deallocate(); punct.deallocate(); dateWord.deallocate()
    }

    @inline(__always) func reset() {
        count = 0
        hasDateWords = false
        truncated = false
    }

    @inline(__always) var lastKey: UInt64? { count > 0 ? keys[count - 1] : nil }

    @inline(__always)
    func append(_ key: UInt64, _ start: Int, _ length: Int, glue g: Bool, punct p: Bool, dateWord d: Bool = false) {
        let i = count
        keys[i] = key; starts[i] = Int32(truncatingIfNeeded: start); lengths[i] = Int32(truncatingIfNeeded: length)
        glue[i] = g; punct[i] = p; dateWord[i] = d
        count = i + 1
    }

    /// Keeps the first `n` tokens.
    func truncate(to n: Int) { count = min(count, n) }

    func copyKeys() -> [UInt64] { Array(UnsafeBufferPointer(start: keys, count: count)) }
    func copyGlue() -> [Bool] { Array(UnsafeBufferPointer(start: glue, count: count)) }
    func copyPunct() -> [Bool] { Array(UnsafeBufferPointer(start: punct, count: count)) }
}

// MARK: - Character classes

/// Byte classes, one lookup per byte in the hot loops.
let classSpace: UInt8 = 1
let classDelimiter: UInt8 = 2
/// Letters, '_', '-', '$' and non-ASCII bytes: a piece of only these is a plain word.
let classPlain: UInt8 = 4
/// '/', '\\' and '@': a word with one may be a path, URL or e-mail address.
let classPathOrMail: UInt8 = 8
let classDot: UInt8 = 16

nonisolated(unsafe) let byteClasses: UnsafePointer<UInt8> = {
    let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    t.initialize(repeating: 0, count: 256)
    for c in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { t[c] |= classSpace }
    for c in "()[]{}<>,;=|".utf8 { t[Int(c)] |= classDelimiter }
    for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] |= classPlain }
    for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] |= classPlain }
    for c in "_-$".utf8 { t[Int(c)] |= classPlain }
    for c in 0x80...0xFF { t[c] |= classPlain }
    for c in "/\\@".utf8 { t[Int(c)] |= classPathOrMail }
    t[Int(UInt8(ascii: "."))] |= classDot
    return UnsafePointer(t)
}()

@inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c &- 0x09) < 5 }
@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
@inline(__always) func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
@inline(__always) func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
@inline(__always) func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20) &- 0x61 < 6 }
@inline(__always) func isLower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
@inline(__always) func isUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }

/// Structural delimiters that always form their own token.
@inline(__always) func isDelimiter(_ c: UInt8) -> Bool { byteClasses[Int(c)] & classDelimiter != 0 }

@inline(__always) func isQuote(_ c: UInt8) -> Bool { c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") }

/// Characters stripped from the end of a piece before a mask is tried ("10.0.0.1." "Old:").
@inline(__always) func isTrailingPunct(_ c: UInt8) -> Bool {
    c == UInt8(ascii: ".") || c == UInt8(ascii: ":") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?")
}

/// Ends a key=value value.
@inline(__always) func endsValue(_ c: UInt8) -> Bool {
    isSpace(c) || c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || c == UInt8(ascii: ")")
        || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: ">") || c == UInt8(ascii: "|")
}

// MARK: - Tokenizer

struct LogTokenizer {
    let maxTokens: Int
    let maxBytes: Int

    init(maxTokens: Int, maxBytes: Int) {
        self.maxTokens = max(2, maxTokens)
        self.maxBytes = max(1, maxBytes)
    }

    func makeBuffer() -> TokenBuffer { TokenBuffer(capacity: maxTokens + 1) }

    /// Tokenizes and masks `message` into `out` (cleared first; made by `makeBuffer()`).
    func tokenize(_ message: UnsafeBufferPointer<UInt8>, into out: TokenBuffer) {
        out.reset()
        guard let base = message.baseAddress, message.count > 0 else { return }
        var n = message.count
        if n > maxBytes {
            n = maxBytes
            out.truncated = true
        }
        var s = Scanner(b: base, n: n, maxTokens: maxTokens, out: out)
        s.run(into: out)
        out.count = s.count
        out.hasDateWords = s.hasDateWords
        if s.truncated { out.truncated = true }
        if out.hasDateWords { Self.maskDateWords(out) }
        if out.truncated, out.lastKey != wildcardKey {
            out.append(wildcardKey, n, 0, glue: false, punct: false)
        }
    }

    /// Month and weekday names next to a masked value are part of a date: mask them, then
    /// collapse the wildcards that became adjacent.
    static func maskDateWords(_ t: TokenBuffer) {
        let n = t.count
        var changed = false
        for i in 0..<n where t.dateWord[i] && t.keys[i] != wildcardKey {
            if (i > 0 && t.keys[i - 1] == wildcardKey) || (i + 1 < n && t.keys[i + 1] == wildcardKey) {
                t.keys[i] = wildcardKey; changed = true
            }
        }
        var i = n - 1
        while i >= 0 {
            if t.dateWord[i] && t.keys[i] != wildcardKey && i + 1 < n && t.keys[i + 1] == wildcardKey {
                t.keys[i] = wildcardKey; changed = true
            }
            i -= 1
        }
        guard changed else { return }
        var w = 0
        for r in 0..<n {
            if t.keys[r] == wildcardKey && w > 0 && t.keys[w - 1] == wildcardKey { continue }
            t.keys[w] = t.keys[r]; t.starts[w] = t.starts[r]; t.lengths[w] = t.lengths[r]
            t.glue[w] = t.glue[r]; t.punct[w] = t.punct[r]; t.dateWord[w] = t.dateWord[r]
            w += 1
        }
        t.truncate(to: w)
    }
}

private struct Scanner {
    let b: UnsafePointer<UInt8>
    let n: Int
    let maxTokens: Int
    let keys: UnsafeMutablePointer<UInt64>
    let starts: UnsafeMutablePointer<Int32>
    let lengths: UnsafeMutablePointer<Int32>
    let glues: UnsafeMutablePointer<Bool>
    let puncts: UnsafeMutablePointer<Bool>
    let dateWords: UnsafeMutablePointer<Bool>
    let classes: UnsafePointer<UInt8> = byteClasses
    /// Tokens written so far (kept here, not in the buffer, so the hot loop touches no class state).
    var count = 0
    var truncated = false
    var hasDateWords = false
    var glued = false
    /// The last token is a masked number (a unit word after it belongs to it: "1.98 KB").
    var lastNumber = false

    init(b: UnsafePointer<UInt8>, n: Int, maxTokens: Int, out: TokenBuffer) {
        self.b = b; self.n = n; self.maxTokens = maxTokens
        keys = out.keys; starts = out.starts; lengths = out.lengths
        glues = out.glue; puncts = out.punct; dateWords = out.dateWord
    }

    @inline(__always) var lastKey: UInt64? { count > 0 ? keys[count - 1] : nil }

    @inline(__always) func isDelim(_ c: UInt8) -> Bool { classes[Int(c)] & classDelimiter != 0 }

    @inline(__always)
    mutating func append(_ key: UInt64, _ start: Int, _ length: Int, punct p: Bool, dateWord d: Bool = false) {
        let i = count
        keys[i] = key; starts[i] = Int32(truncatingIfNeeded: start); lengths[i] = Int32(truncatingIfNeeded: length)
        glues[i] = glued; puncts[i] = p; dateWords[i] = d
        count = i + 1
    }

    // MARK: emission

    @inline(__always) mutating func full(_ out: TokenBuffer) -> Bool {
        if count >= maxTokens - 1 { truncated = true; return true }
        return false
    }

    @inline(__always) mutating func emitWild(_ at: Int, _ out: TokenBuffer, numeric: Bool = false) {
        defer { glued = true; lastNumber = numeric }
        if lastKey == wildcardKey { return } // collapse runs of masked values
        if full(out) { return }
        append(wildcardKey, at, 0, punct: false)
    }

    @inline(__always) mutating func emitPunct(_ at: Int, _ out: TokenBuffer) {
        defer { glued = true; lastNumber = false }
        if full(out) { return }
        append(punctKey(b[at]), at, 1, punct: true)
    }

    /// One punctuation token for a run of the same character ("...").
    mutating func emitRun(_ s: Int, _ e: Int, _ out: TokenBuffer) {
        defer { glued = true; lastNumber = false }
        if full(out) { return }
        append(punctKey(b[s]) &* 31 &+ UInt64(min(e - s, 3)), s, e - s, punct: true)
    }

    @inline(__always) func isEllipsis(_ i: Int, _ e: Int) -> Bool {
        i + 2 < e && b[i + 1] == UInt8(ascii: ".") && b[i + 2] == UInt8(ascii: ".")
    }

    @inline(__always) mutating func emitLiteral(_ s: Int, _ e: Int, _ out: TokenBuffer) {
        defer { glued = true; lastNumber = false }
        if full(out) { return }
        let dw = isUpper(b[s]) && isDateWord(s, e)
        append(fnv1a(b, s, e), s, e - s, punct: false, dateWord: dw)
        if dw { hasDateWords = true }
    }

    // MARK: main loop

    mutating func run(into out: TokenBuffer) {
        var i = 0
        var atWordStart = true
        while i < n {
            if truncated { return }
            let c = b[i]
            if isSpace(c) { i += 1; glued = false; atWordStart = true; continue }
            var we = i
            var seen: UInt8 = 0
            while we < n {
                let cls = classes[Int(b[we])]
                if cls & classSpace != 0 { break }
                seen |= cls
                we += 1
            }
            // Whole-word values that may contain delimiters: URLs, paths, e-mail addresses.
            if seen & classPathOrMail != 0 && (atWordStart || (i > 0 && isDelim(b[i - 1]))) {
                var core = we
                while core > i + 1 && (isTrailingPunct(b[core - 1]) || b[core - 1] == UInt8(ascii: ",")
                                       || b[core - 1] == UInt8(ascii: ";") || isClosing(b[core - 1])) { core -= 1 }
                if isURL(i, core) || isPath(i, core) || isEmail(i, core) {
                    emitWild(i, out)
                    for k in core..<we { emitPunct(k, out) }
                    i = we; atWordStart = false
                    continue
                }
            }
            let wordStart = atWordStart
            atWordStart = false
            // A number with a comparison prefix ("<1", ">=500ms") is one value.
            if wordStart && (c == UInt8(ascii: "<") || c == UInt8(ascii: ">")) {
                var ns = i + 1
                if ns < we && b[ns] == UInt8(ascii: "=") { ns += 1 }
                if ns < we && isDigit(b[ns]) {
                    var pe = ns
                    while pe < we && !isDelim(b[pe]) { pe += 1 }
                    var core = pe
                    while core > ns + 1 && isTrailingPunct(b[core - 1]) { core -= 1 }
                    if isNumberLike(ns, core) {
                        emitWild(i, out, numeric: true)
                        for k in core..<pe { emitPunct(k, out) }
                        i = pe
                        continue
                    }
                }
            }
            if isQuote(c), let close = closingQuote(from: i) {
                emitPunct(i, out); emitWild(i + 1, out); emitPunct(close, out)
                i = close + 1
                continue
            }
            if c == UInt8(ascii: "."), isEllipsis(i, we) {
                // A run of dots (an ellipsis, a dotted leader "depth.......0") separates tokens.
                var e = i
                while e < we && b[e] == UInt8(ascii: ".") { e += 1 }
                emitRun(i, e, out)
                i = e
                continue
            }
            if isDelim(c) {
                emitPunct(i, out)
                i += 1
                // An empty bracket pair standing alone (" () ", " [] ") is an empty value.
                if isOpening(c), i < n, b[i] == closing(c), i >= 2 ? isSpace(b[i - 2]) : true {
                    emitWild(i, out)
                }
                if c == UInt8(ascii: "=") { i = value(from: i, out) }
                continue
            }
            // A piece: up to the next whitespace, delimiter or run of dots.
            var pe = i
            var pieceClasses: UInt8 = 0
            while pe < we {
                let cls = classes[Int(b[pe])]
                if cls & classDelimiter != 0 {
                    // A comma between digits belongs to the value ("1,234", "02:38:22,978").
                    if !(b[pe] == UInt8(ascii: ",") && pe > i && isDigit(b[pe - 1]) && pe + 1 < we && isDigit(b[pe + 1])) { break }
                } else if cls & classDot != 0 && isEllipsis(pe, we) { break }
                pieceClasses |= ~cls & classPlain
                pe += 1
            }
            // Fast path: a plain word (letters, '_', '-', '$', non-ASCII; no digit, dot or colon).
            if pieceClasses == 0 && pe > i && !(lastNumber && !glued && isUnit(i, pe))
                && b[i] != UInt8(ascii: "-") && pe - i != 36 && pe - i != 17 { // not an all-letter UUID or MAC
                emitLiteral(i, pe, out)
                i = pe
                continue
            }
            piece(i, pe, out)
            i = pe
        }
    }

    @inline(__always) func isOpening(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") || c == UInt8(ascii: "<")
    }

    @inline(__always) func closing(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "("): return UInt8(ascii: ")")
        case UInt8(ascii: "["): return UInt8(ascii: "]")
        case UInt8(ascii: "{"): return UInt8(ascii: "}")
        default: return UInt8(ascii: ">")
        }
    }

    @inline(__always) func isClosing(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: ">")
            || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'")
    }

    /// The value after `=`: masked whole up to the next separator, unless it is empty, quoted
    /// (handled by the quote rule) or opens a bracket (its inside is tokenized normally).
    mutating func value(from start: Int, _ out: TokenBuffer) -> Int {
        guard start < n else { return start }
        let c = b[start]
        if isSpace(c) || isQuote(c) || isDelim(c) { return start }
        var e = start
        while e < n && !endsValue(b[e]) { e += 1 }
        emitWild(start, out)
        return e
    }

    /// The matching closing quote of the quote at `start`: the same character followed by the
    /// end, whitespace or punctuation; nil when there is none (an apostrophe, say).
    func closingQuote(from start: Int) -> Int? {
        let q = b[start]
        var j = start + 1
        let limit = min(n, start + 4096)
        while j < limit {
            if b[j] == q {
                let next: UInt8 = j + 1 < n ? b[j + 1] : 0x20
                if isSpace(next) || isDelim(next) || isTrailingPunct(next) { return j }
            }
            j += 1
        }
        return nil
    }

    /// A piece without whitespace or delimiters: a masked value, or literals split at `:`.
    mutating func piece(_ s: Int, _ e: Int, _ out: TokenBuffer) {
        var core = e
        while core > s && isTrailingPunct(b[core - 1]) { core -= 1 }
        // A unit word after a number is part of the value ("1.98 KB", "5 ms").
        if lastNumber && !glued && core > s && isUnit(s, core) {
            glued = true
            for k in core..<e { emitPunct(k, out) }
            return
        }
        if core > s && isValue(s, core) {
            emitWild(s, out, numeric: isNumberLike(s, core))
            for k in core..<e { emitPunct(k, out) }
            return
        }
        // Split at ':' (a key from its value, "sshd:auth", "Old:") and mask number-like parts.
        var p = s
        var k = s
        while k <= e {
            if k == e || b[k] == UInt8(ascii: ":") {
                if k > p {
                    // Trailing '.', '!', '?' of the last part are punctuation ("done." "OK!").
                    var pc = k
                    if k == e { while pc > p + 1 && isTrailingPunct(b[pc - 1]) { pc -= 1 } }
                    if isNumberLike(p, pc) { emitWild(p, out, numeric: true) } else { emitLiteral(p, pc, out) }
                    for t in pc..<k { emitPunct(t, out) }
                }
                if k < e { emitPunct(k, out) }
                p = k + 1
            }
            k += 1
        }
    }

    // MARK: masks

    /// Values recognised as a whole (before splitting at ':').
    func isValue(_ s: Int, _ e: Int) -> Bool {
        let c = b[s]
        if isDigit(c) {
            return isIPv4(s, e) || isTime(s, e) || isDateTime(s, e) || isUUID(s, e) || isMAC(s, e)
                || isIPv6(s, e) || isNumberLike(s, e)
        }
        if isHex(c) && (isUUID(s, e) || isMAC(s, e)) { return true }
        if c == UInt8(ascii: ":") || isHex(c) { if isIPv6(s, e) { return true } }
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { return isNumberLike(s, e) }
        return isHostPort(s, e) || isHostName(s, e)
    }

    /// Numbers (ints, floats, signs, exponents, hex 0x.., units such as 10KB or 5ms) and
    /// identifiers that carry a number: a part (between `_ - . / # @ + $`) that is all digits,
    /// a hex run of 8 or more characters with a digit ("blk_-42", "core.114", "0245b64c").
    func isNumberLike(_ s: Int, _ e: Int) -> Bool {
        guard e > s else { return false }
        var first = s
        if b[first] == UInt8(ascii: "-") || b[first] == UInt8(ascii: "+") {
            first += 1
            guard first < e else { return false }
        }
        if isDigit(b[first]) { return true }
        if b[first] == UInt8(ascii: ".") && first + 1 < e && isDigit(b[first + 1]) { return true }
        // An identifier with a numeric part.
        var hasDigit = false
        var j = s
        while j < e { if isDigit(b[j]) { hasDigit = true; break }; j += 1 }
        if !hasDigit { return false }
        var segStart = s
        j = s
        while j <= e {
            if j == e || !isAlnum(b[j]) {
                let len = j - segStart
                if len > 0 {
                    var digits = 0, hex = 0
                    for t in segStart..<j {
                        if isDigit(b[t]) { digits += 1; hex += 1 } else if isHex(b[t]) { hex += 1 }
                    }
                    if digits == len { return true }
                    if hex == len && len >= 8 && digits > 0 { return true }
                }
                segStart = j + 1
            }
            j += 1
        }
        return false
    }

    /// a.b.c.d with optional :port.
    func isIPv4(_ s: Int, _ e: Int) -> Bool {
        var j = s
        for part in 0..<4 {
            var digits = 0
            while j < e && isDigit(b[j]) && digits < 4 { j += 1; digits += 1 }
            guard digits >= 1 && digits <= 3 else { return false }
            if part < 3 {
                guard j < e && b[j] == UInt8(ascii: ".") else { return false }
                j += 1
            }
        }
        if j == e { return true }
        return isPort(j, e)
    }

    /// ":digits" up to the end.
    @inline(__always) func isPort(_ s: Int, _ e: Int) -> Bool {
        guard s < e && b[s] == UInt8(ascii: ":") && e - s >= 2 && e - s <= 6 else { return false }
        for j in (s + 1)..<e where !isDigit(b[j]) { return false }
        return true
    }

    /// hh:mm, hh:mm:ss, with optional fraction (.123 or ,123) and zone (Z, +hh:mm).
    func isTime(_ s: Int, _ e: Int) -> Bool {
        var j = s
        var d = 0
        while j < e && isDigit(b[j]) && d < 3 { j += 1; d += 1 }
        guard d >= 1 && d <= 2, j < e, b[j] == UInt8(ascii: ":") else { return false }
        var groups = 1
        while j < e && b[j] == UInt8(ascii: ":") {
            j += 1
            guard j + 2 <= e, isDigit(b[j]), isDigit(b[j + 1]) else { return false }
            j += 2; groups += 1
        }
        guard groups >= 2 else { return false }
        return isTimeTail(j, e)
    }

    func isTimeTail(_ s: Int, _ e: Int) -> Bool {
        var j = s
        if j < e && (b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: ",")) {
            j += 1
            let f = j
            while j < e && isDigit(b[j]) { j += 1 }
            guard j > f else { return false }
        }
        if j < e && (b[j] == UInt8(ascii: "Z") || b[j] == UInt8(ascii: "z")) { j += 1 }
        if j < e && (b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-")) {
            j += 1
            while j < e && (isDigit(b[j]) || b[j] == UInt8(ascii: ":")) { j += 1 }
        }
        return j == e
    }

    /// yyyy-mm-dd or yyyy/mm/dd, optionally followed by T or _ and a time.
    func isDateTime(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 8 else { return false }
        var j = s
        var d = 0
        while j < e && isDigit(b[j]) { j += 1; d += 1 }
        guard d == 4 || d == 2, j < e else { return false }
        let sep = b[j]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return false }
        for _ in 0..<2 {
            guard j < e && b[j] == sep else { return false }
            j += 1
            var dd = 0
            while j < e && isDigit(b[j]) { j += 1; dd += 1 }
            guard dd >= 1 && dd <= 4 else { return false }
        }
        if j == e { return true }
        guard b[j] == UInt8(ascii: "T") || b[j] == UInt8(ascii: "_") || b[j] == UInt8(ascii: ":") else { return false }
        return isTime(j + 1, e)
    }

    /// 8-4-4-4-12 hex.
    func isUUID(_ s: Int, _ e: Int) -> Bool {
        guard e - s == 36 else { return false }
        for j in s..<e {
            let k = j - s
            if k == 8 || k == 13 || k == 18 || k == 23 {
                if b[j] != UInt8(ascii: "-") { return false }
            } else if !isHex(b[j]) { return false }
        }
        return true
    }

    /// Six hex pairs separated by ':' or '-'.
    func isMAC(_ s: Int, _ e: Int) -> Bool {
        guard e - s == 17 else { return false }
        let sep = b[s + 2]
        guard sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-") else { return false }
        for j in s..<e {
            let k = (j - s) % 3
            if k == 2 { if b[j] != sep { return false } } else if !isHex(b[j]) { return false }
        }
        return true
    }

    /// Hex groups with at least two colons (::1, fe80::1, 2001:db8::ff00:42:8329), optionally
    /// ending in an IPv4 address.
    func isIPv6(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2 else { return false }
        var colons = 0, group = 0, hasDouble = false, groups = 0
        var j = s
        while j < e {
            let c = b[j]
            if c == UInt8(ascii: ":") {
                colons += 1
                if j + 1 < e && b[j + 1] == UInt8(ascii: ":") {
                    if hasDouble { return false }
                    hasDouble = true
                }
                if group > 0 { groups += 1 }
                group = 0
            } else if isHex(c) {
                group += 1
                if group > 4 { return false }
            } else if c == UInt8(ascii: ".") && colons >= 2 {
                // Embedded IPv4 tail: rewind to the start of this group.
                return isIPv4(j - group, e)
            } else {
                return false
            }
            j += 1
        }
        if group > 0 { groups += 1 }
        return colons >= 2 && (hasDouble || groups == 8) && colons <= 7
    }

    /// host:port where the host is a name with a dot, a hyphen or a digit ("db-1:5432",
    /// "example.com:443"); "name:80" stays a key and a value.
    func isHostPort(_ s: Int, _ e: Int) -> Bool {
        var colon = -1
        var j = e - 1
        while j > s { if b[j] == UInt8(ascii: ":") { colon = j; break }; j -= 1 }
        guard colon > s, isPort(colon, e) else { return false }
        var marked = false
        for k in s..<colon {
            let c = b[k]
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || isDigit(c) { marked = true } else if !isAlpha(c) && c != UInt8(ascii: "_") { return false }
        }
        return marked && isAlnum(b[s])
    }

    /// Lower-case DNS names with at least three labels ending in a 2-6 letter label
    /// ("mail.example.com"); fewer labels are too easily file or class names.
    func isHostName(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 5, isAlnum(b[s]) else { return false }
        var dots = 0, label = 0, lastLetters = true
        for k in s..<e {
            let c = b[k]
            if c == UInt8(ascii: ".") {
                guard label > 0 else { return false }
                dots += 1; label = 0; lastLetters = true
            } else if isLower(c) || isDigit(c) || c == UInt8(ascii: "-") {
                label += 1
                if !isLower(c) { lastLetters = false }
            } else {
                return false
            }
        }
        return dots >= 2 && label >= 2 && label <= 6 && lastLetters
    }

    /// scheme://...
    func isURL(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 4, isAlpha(b[s]) else { return false }
        var j = s + 1
        while j < e && (isAlnum(b[j]) || b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: ".")) { j += 1 }
        return j + 3 < e + 1 && j + 2 < e && b[j] == UInt8(ascii: ":") && b[j + 1] == UInt8(ascii: "/") && b[j + 2] == UInt8(ascii: "/")
    }

    /// Unix paths (/a, ./a, ../a, ~/a), Windows paths (C:\a), and relative paths with at least
    /// two slashes (a/b/c).
    func isPath(_ s: Int, _ e: Int) -> Bool {
        let len = e - s
        guard len >= 2 else { return false }
        let c = b[s]
        if c == UInt8(ascii: "/") { return b[s + 1] != UInt8(ascii: "/") || len > 2 }
        if c == UInt8(ascii: "~") && b[s + 1] == UInt8(ascii: "/") { return true }
        if c == UInt8(ascii: ".") {
            if b[s + 1] == UInt8(ascii: "/") { return true }
            if len >= 3 && b[s + 1] == UInt8(ascii: ".") && b[s + 2] == UInt8(ascii: "/") { return true }
        }
        if len >= 3 && isAlpha(c) && b[s + 1] == UInt8(ascii: ":") && b[s + 2] == UInt8(ascii: "\\") { return true }
        var slashes = 0
        for k in s..<e {
            let ch = b[k]
            if ch == UInt8(ascii: "/") { slashes += 1 } else if isDelim(ch) || isQuote(ch) { return false }
        }
        return slashes >= 2
    }

    /// local@domain.tld
    func isEmail(_ s: Int, _ e: Int) -> Bool {
        var at = -1
        for k in s..<e {
            let c = b[k]
            if c == UInt8(ascii: "@") {
                if at >= 0 { return false }
                at = k
            } else if !(isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
                        || c == UInt8(ascii: "+") || c == UInt8(ascii: "%")) {
                return false
            }
        }
        guard at > s, at < e - 3 else { return false }
        var dot = false
        for k in (at + 2)..<(e - 1) where b[k] == UInt8(ascii: ".") { dot = true }
        return dot && isAlnum(b[e - 1])
    }

    /// Size and duration units written after a number: B KB MB GB TB PB (and kB, KiB, MiB,
    /// GiB, TiB), ns us ms s sec secs min mins h hr hrs, %.
    func isUnit(_ s: Int, _ e: Int) -> Bool {
        let len = e - s
        guard len >= 1 && len <= 4 else { return false }
        var w: UInt32 = 0
        for k in s..<e { w = (w << 8) | UInt32(b[k]) }
        switch len {
        case 1:
            return w == 0x42 /* B */ || w == 0x73 /* s */ || w == 0x68 /* h */ || w == 0x25 /* % */
        case 2:
            switch w {
            case 0x4B42, 0x4D42, 0x4742, 0x5442, 0x5042, 0x6B42, // KB MB GB TB PB kB
                 0x6E73, 0x7573, 0x6D73, 0x6872: // ns us ms hr
                return true
            default: return false
            }
        case 3:
            switch w {
            case 0x4B6942, 0x4D6942, 0x476942, 0x546942, // KiB MiB GiB TiB
                 0x736563, 0x6D696E, 0x687273: // sec min hrs
                return true
            default: return false
            }
        default:
            return w == 0x73656373 /* secs */ || w == 0x6D696E73 /* mins */
        }
    }

    /// Month and weekday names (Jan, January, JAN, Mon, Monday, MON, ...).
    func isDateWord(_ s: Int, _ e: Int) -> Bool {
        let len = e - s
        guard len >= 3 && len <= 9, isUpper(b[s]) else { return false }
        let w0 = b[s] | 0x20, w1 = b[s + 1] | 0x20, w2 = b[s + 2] | 0x20
        let key = (UInt32(w0) << 16) | (UInt32(w1) << 8) | UInt32(w2)
        var full: StaticString = ""
        switch key {
        case 0x6A616E: full = "january"
        case 0x666562: full = "february"
        case 0x6D6172: full = "march"
        case 0x617072: full = "april"
        case 0x6D6179: full = "may"
        case 0x6A756E: full = "june"
        case 0x6A756C: full = "july"
        case 0x617567: full = "august"
        case 0x736570: full = "september"
        case 0x6F6374: full = "october"
        case 0x6E6F76: full = "november"
        case 0x646563: full = "december"
        case 0x6D6F6E: full = "monday"
        case 0x747565: full = "tuesday"
        case 0x776564: full = "wednesday"
        case 0x746875: full = "thursday"
        case 0x667269: full = "friday"
        case 0x736174: full = "saturday"
        case 0x73756E: full = "sunday"
        default: return false
        }
        if len == 3 { return true }
        if key == 0x736570 && len == 4 && (b[s + 3] | 0x20) == UInt8(ascii: "t") { return true } // Sept
        guard len == full.utf8CodeUnitCount else { return false }
        return full.withUTF8Buffer { name in
            for k in 0..<len where (b[s + k] | 0x20) != name[k] { return false }
            return true
        }
    }
}
