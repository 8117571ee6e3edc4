extension Function: LocallyRunnable {
    public func provideLocally(into compose: inout ComposeContext) {
        compose.publish(functionName, as: compose.resourceName(name))
    }

    /// The function in AWS's Lambda base image, whose runtime interface emulator answers
    /// invocations on a host port: `curl -d '{}' localhost:9001/2015-03-31/functions/function/invocations`.
    public func runLocally(in compose: inout ComposeContext) {
        var service = ComposeService(image: runtime.localImage)
        service.command = [handler]
        service.ports = ["\(compose.freeHostPort(from: 9001)):8080"]
        if let localCodePath { service.volumes = ["\(compose.projectRoot)/\(localCodePath):/var/task:ro"] }
        service.environment["AWS_LAMBDA_FUNCTION_NAME"] = compose.resourceName(name)
        service.environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(memoryMB)
        service.environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] = String(timeoutSeconds)
        compose.connectToLocalAWS(&service)
        compose.wire(environment, into: &service)
        compose.add(name, service)
    }
}
