import MLflowCore

extension EffectRunner {
    /// Performs the pager room's store work.
    func performPager(_ effect: PagerEffect) {
        switch effect {}
    }
}
