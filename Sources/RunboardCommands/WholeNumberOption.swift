import ArgumentParser
import Foundation

/// Reads a whole-number option value inside a range, with a message that says what is wrong.
///
/// Used as an `@Option`'s `transform` with `parsing: .unconditional`, so that `-5` is read as the
/// option's value (and refused as too small) rather than taken for an option of its own.
enum WholeNumberOption {
    static func parse(_ text: String, in range: ClosedRange<Int>, of what: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let limits = "a whole number of \(what) from \(range.lowerBound) to \(range.upperBound)"
        guard let value = Int(trimmed) else {
            let isNumber = !trimmed.isEmpty && trimmed.drop { $0 == "-" || $0 == "+" }.allSatisfy(\.isNumber)
            throw ValidationError(isNumber ? "too large: it must be \(limits)" : "not a whole number: it must be \(limits)")
        }
        guard value >= range.lowerBound else { throw ValidationError("too small: it must be \(limits)") }
        guard value <= range.upperBound else { throw ValidationError("too large: it must be \(limits)") }
        return value
    }
}
