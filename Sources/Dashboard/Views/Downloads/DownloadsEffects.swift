import MLflowCore

extension EffectRunner {
    /// Performs the downloads room's store work.
    func performDownloads(_ effect: DownloadsEffect) {
        switch effect {}
    }
}
