/// Kinds of characters that are removed from untrusted text because a reader cannot see them but a
/// model can: they hide instructions (Unicode tag characters spell ASCII invisibly), reorder what a
/// human reviewer sees (bidi overrides), or split words so filters miss them (zero-width).
public enum InvisibleCharacterKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// C0 and C1 controls other than tab and line feed (carriage returns become line feeds).
    case control
    /// Zero-width spaces, joiners, word joiner, byte-order mark, soft hyphen, invisible operators.
    case zeroWidth = "zero-width"
    /// Bidirectional embeddings, overrides, isolates and marks.
    case bidi
    /// Unicode tag characters U+E0000–U+E007F (invisible ASCII look-alikes).
    case tag
    /// Variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), which can carry hidden bytes.
    case variationSelector = "variation-selector"
    /// Blank-looking fillers (Hangul fillers, Mongolian vowel separator, Braille blank).
    case filler
    /// Any other character of general category Cf (format) or a noncharacter.
    case otherFormat = "other-format"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The kind of `scalar` when it must be removed, else nil. Tab and line feed are kept.
    public static func of(_ scalar: Unicode.Scalar) -> InvisibleCharacterKind? {
        let v = scalar.value
        if v < 0x20 { return (v == 0x09 || v == 0x0A) ? nil : .control }
        if v < 0x7F { return nil }
        if v <= 0x9F { return .control }
        switch v {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060...0x2064, 0xFEFF, 0x034F: return .zeroWidth
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return .bidi
        case 0xE0000...0xE007F: return .tag
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF: return .variationSelector
        case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E, 0x2800: return .filler
        case 0xFDD0...0xFDEF: return .otherFormat
        default:
            if v & 0xFFFE == 0xFFFE { return .otherFormat }
            return scalar.properties.generalCategory == .format ? .otherFormat : nil
        }
    }
}
