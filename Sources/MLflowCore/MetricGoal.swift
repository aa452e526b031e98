/// Whether a lower or a higher value of a metric is better, judged from its key.
///
/// Lower is better for keys that name a loss or an error: a word of the key (split at `/`, `_`,
/// `-`, `.`, spaces, between letters and digits, and at camelCase humps) is one of `lowerWords`,
/// compared without regard to case. Words, not substrings: `terror_rate` and `errand` are not
/// errors. scikit-learn's negated scores (`neg_mean_squared_error`, `neg_log_loss`) are higher
/// is better. Every other key (accuracy, f1, auc, precision, recall, ...) is higher is better.
public enum MetricGoal: String, Sendable, Hashable, CaseIterable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"

    /// Words that make a key a loss or an error.
    public static let lowerWords: Set<String> = [
        "loss", "losses", "logloss", "nll", "err", "error", "errors", "rmse", "mse", "mae", "mape", "smape",
        "msle", "rmsle", "medae", "perplexity", "ppl", "wer", "cer", "ter", "bpc", "bpd", "fid",
    ]

    /// Words that negate a score, as scikit-learn's `neg_` scorers do.
    static let negatingWords: Set<String> = ["neg"]

    /// The goal for a metric named `key`.
    public init(key: String) {
        let words = MetricGoal.words(of: key)
        let lower = words.contains { MetricGoal.lowerWords.contains($0) }
        let negated = words.first.map { MetricGoal.negatingWords.contains($0) } ?? false
        self = lower && !negated ? .lowerIsBetter : .higherIsBetter
    }

    /// Whether `a` is a better value than `b` under this goal (finite values).
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .lowerIsBetter ? a < b : a > b
    }

    /// The lowercased words of a key.
    static func words(of key: String) -> [String] {
        enum Kind { case lower, upper, digit, other }
        func kind(_ c: Character) -> Kind {
            if c.isNumber { return .digit }
            if c.isUppercase { return .upper }
            if c.isLetter { return .lower }
            return .other
        }
        var words: [String] = []
        var current: [Character] = []
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current.removeAll()
        }
        let characters = Array(key)
        for (index, character) in characters.enumerated() {
            let now = kind(character)
            if now == .other {
                flush()
                continue
            }
            if let last = current.last {
                let before = kind(last)
                let next = index + 1 < characters.count ? kind(characters[index + 1]) : .other
                let digitEdge = (before == .digit) != (now == .digit)
                let hump = before == .lower && now == .upper
                // "MSELoss": the last capital of a run starts the next word.
                let runEnd = before == .upper && now == .upper && next == .lower
                if digitEdge || hump || runEnd { flush() }
            }
            current.append(character)
        }
        flush()
        return words
    }
}
