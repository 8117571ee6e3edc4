import AWSClient
import FoundationEssentials

/// After a release into green passed its bake, the stack's own service takes the image back:
/// outside a release, the CloudFormation-managed service (blue) serves and the account matches
/// the templates. Otherwise the listener in the template would still point at an empty blue, a
/// deploy's task definition change would reach only blue, and every stack update would bring
/// blue back up at its template count serving nothing.
extension ReleaseEngine {
    /// Whether the release ends with the hand-back: the image is a parameter of the stack (ECS
    /// services, and app servers whose image comes from a repository). A release into blue (green
    /// served, after an unfinished hand-back) ends the same way: the stack rolls blue, which
    /// serves, onto its own revision of the image (ECS: a rolling update; app servers: blue's
    /// group moves to the stack's launch template version, its instances already run the image).
    var handsBack: Bool {
        target.imageStack != nil && target.imageParameter != nil
    }

    /// The image into the stack (CloudFormation rolls blue onto it), blue healthy at the
    /// released slot's count, all traffic to blue in one listener call, green scaled to zero, the
    /// record. Until traffic moved, any failure or interruption leaves the released slot serving
    /// the image, keeps the state (phase `handingBack`) and throws
    /// ``ReleaseError/Code/handBackFailed``; a rerun with the same image finishes (each step is
    /// idempotent). Nothing here rolls back: the release passed its bake.
    func handBack(_ state: ReleaseState, who: String, started: ContinuousClock.Instant) async throws -> ReleaseRecord {
        guard let stackName = target.imageStack, let parameter = target.imageParameter else {
            throw ReleaseError(.inconsistent, "a hand-back needs a stack that holds the image")
        }
        var state = state
        let (_, released) = slots(state)
        let (blue, green) = (target.blue, target.green)
        var moved = false
        do {
            if state.phase != .handingBack {
                state.phase = .handingBack
                try await bucket.write(state, key: bucket.stateKey)
            }
            let count = try await compute.servingCount(released)
            step(
                "hand-back",
                released == blue
                    ? "stack \(stackName) takes \(parameter) = \(state.image); \(blue.color), which serves it, moves onto the stack's own version"
                    : "stack \(stackName) takes \(parameter) = \(state.image); \(blue.color) takes it while \(green.color) serves")
            try await updateImageParameter(state.image, waiting: true)
            try await compute.takeOver(blue, image: state.image, count: count)
            try await waitHealthy(blue, count: count)
            if let why = interruption.requested {
                throw ReleaseError(.handBackFailed, "interrupted (\(why)) before traffic moved to \(blue.color)")
            }
            // A rerun after traffic had already moved (or a release into blue) has nothing to move.
            if try await listenerWeights().filter({ $0.value > 0 }).map(\.key) != [blue.targetGroupArn] {
                try await writeWeights([(blue.targetGroupArn, 100), (green.targetGroupArn, 0)])
                moved = true
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw handBackFailure(state, released: released, error)
        }
        if moved {
            reporter.report(.release(.trafficShifted, target, status: "0", message: "\(blue.color) 100 / \(green.color) 0: \(blue.color) serves \(state.image)"))
        }
        step("finish", "scaling \(green.color) down")
        try await compute.stop(green)
        return try await recordSuccess(
            state, who: who, serving: blue.color, message: "\(state.image) serving from \(blue.color) (\(blue.serviceName), the stack's service)",
            started: started)
    }

    /// The release stands (the released slot serves the image, healthy); only the hand-back failed.
    private func handBackFailure(_ state: ReleaseState, released: ReleaseTarget.Slot, _ error: any Error) -> ReleaseError {
        let why: String
        if let error = error as? ReleaseError {
            why = error.hint.map { "\(error.message) (\($0))" } ?? error.message
        } else {
            why = "\(error)"
        }
        let failed = released == target.blue ? "its stack could not take the image" : "\(target.blue.color) could not take it back"
        return ReleaseError(
            .handBackFailed,
            "released \(state.image): \(released.color) (\(released.serviceName)) serves it and is healthy, but \(failed): \(why)",
            hint: "traffic stays on \(released.color). Fix the cause, then run `tenkai release` again with \(ImageArguments.of(state.image, state.containerImages)) to finish the hand-back; deploys of this environment are refused until then")
    }
}
