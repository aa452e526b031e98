/// Exponential moving average for metric charts (the dashboard's and `runboard plot`'s).
public enum Smoothing {
    /// The values smoothed with weight `weight` (0 keeps them, towards 1 smooths more), debiased
    /// so the start is not pulled towards zero. NaN and infinities stay where they are and do not
    /// enter the average.
    public static func ema(_ values: [Double], weight: Double) -> [Double] {
        let w = min(max(weight, 0), 0.999)
        guard w > 0 else { return values }
        var average = 0.0
        var count = 0.0
        return values.map { v in
            guard v.isFinite else { return v }
            average = average * w + (1 - w) * v
            count += 1
            return average / (1 - pow(w, count))
        }
    }

    private static func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        var factor = base
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return result
    }
}
