import MLflowCore
import Testing

@Suite struct SmoothingTests {
    @Test func debiasedAverageKeepsGapsAndMarkers() {
        let smoothed = Smoothing.ema([1, 3, .nan, 5, .infinity], weight: 0.5)
        #expect(smoothed[0] == 1)
        #expect(smoothed[1] == (0.25 + 1.5) / 0.75)
        #expect(smoothed[2].isNaN)
        #expect(smoothed[3] == (0.875 + 2.5) / 0.875)
        #expect(smoothed[4] == .infinity)
        #expect(Smoothing.ema([4, 4, 4], weight: 0.9) == [4, 4, 4])
        #expect(Smoothing.ema([1, 2], weight: 0) == [1, 2])
    }
}
