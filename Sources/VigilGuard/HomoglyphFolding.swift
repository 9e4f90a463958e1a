import Foundation

/// Folds look-alike characters onto ASCII so that rules written in Latin letters see through
/// spoofed spellings: compatibility normalisation (fullwidth letters, ligatures, styled
/// mathematical letters) and a table of Cyrillic and Greek letters drawn like Latin ones. Also
/// reports whether a word mixed Latin with those scripts, a sign of deliberate spoofing.
enum HomoglyphFolding {
    /// Cyrillic and Greek letters that look like Latin ones, by their Latin reading.
    private static let table: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(UInt32, Character)] = [
            // Cyrillic lowercase
            (0x0430, "a"), (0x0435, "e"), (0x043E, "o"), (0x0440, "p"), (0x0441, "c"), (0x0443, "y"),
            (0x0445, "x"), (0x0456, "i"), (0x0458, "j"), (0x0455, "s"), (0x04BB, "h"), (0x0501, "d"),
            (0x051B, "q"), (0x051D, "w"), (0x0432, "b"), (0x043A, "k"), (0x043C, "m"), (0x043D, "h"),
            (0x0442, "t"), (0x0454, "e"), (0x0457, "i"),
            // Cyrillic uppercase
            (0x0410, "A"), (0x0412, "B"), (0x0415, "E"), (0x041A, "K"), (0x041C, "M"), (0x041D, "H"),
            (0x041E, "O"), (0x0420, "P"), (0x0421, "C"), (0x0422, "T"), (0x0425, "X"), (0x0406, "I"),
            (0x0408, "J"), (0x0405, "S"), (0x0423, "Y"),
            // Greek
            (0x03B1, "a"), (0x03BF, "o"), (0x03B5, "e"), (0x03B9, "i"), (0x03BA, "k"), (0x03BD, "v"),
            (0x03C1, "p"), (0x03C4, "t"), (0x03C5, "u"), (0x03C7, "x"), (0x0391, "A"), (0x0392, "B"),
            (0x0395, "E"), (0x0396, "Z"), (0x0397, "H"), (0x0399, "I"), (0x039A, "K"), (0x039C, "M"),
            (0x039D, "N"), (0x039F, "O"), (0x03A1, "P"), (0x03A4, "T"), (0x03A5, "Y"), (0x03A7, "X"),
            // Latin look-alikes outside ASCII
            (0x0131, "i"), (0x0261, "g"), (0x01C0, "l"), (0x2170, "i"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (code, latin) in pairs {
            if let scalar = Unicode.Scalar(code), let ascii = latin.unicodeScalars.first { table[scalar] = ascii }
        }
        return table
    }()

    /// The folded text, and whether some word mixed ASCII letters with mapped look-alikes.
    static func fold(_ text: String) -> (text: String, mixedScriptWords: Int) {
        let needsWork = text.unicodeScalars.contains { $0.value >= 0x80 }
        guard needsWork else { return (text, 0) }
        let compatible = text.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        var mixed = 0
        var wordHasASCII = false
        var wordHasLookalike = false
        func endWord() {
            if wordHasASCII && wordHasLookalike { mixed += 1 }
            wordHasASCII = false
            wordHasLookalike = false
        }
        for scalar in compatible.unicodeScalars {
            if let latin = table[scalar] {
                wordHasLookalike = true
                out.append(latin)
            } else {
                if scalar.isASCII {
                    if scalar.properties.isAlphabetic { wordHasASCII = true } else { endWord() }
                } else if !scalar.properties.isAlphabetic {
                    endWord()
                }
                out.append(scalar)
            }
        }
        endWord()
        return (String(out), mixed)
    }
}
