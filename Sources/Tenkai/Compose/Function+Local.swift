import TenkaiCore

#if canImport(Glibc)
import Glibc
#endif

extension Function: LocallyRunnable {
    public func provideLocally(into compose: inout ComposeContext) {
        compose.publish(functionName, as: compose.resourceName(name))
    }

    /// The function in AWS's Lambda base image, whose runtime interface emulator answers
    /// invocations on a host port: `curl -d '{}' localhost:9001/2015-03-31/functions/function/invocations`.
    /// Its code is mounted from the folder the cloud package is zipped from (or `localCode`);
    /// a folder that does not exist is an error, since the container would start without code.
    public func runLocally(in compose: inout ComposeContext) {
        var service = ComposeService(image: runtime.localImage)
        service.command = [handler]
        service.ports = ["\(compose.freeHostPort(from: 9001)):8080"]
        if let folder = localCodeFolder {
            var status = stat()
            if stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                service.volumes = ["\(compose.projectRoot)/\(folder):/var/task:ro"]
            } else {
                compose.report(
                    .error(
                        "the function code folder \(folder) does not exist",
                        hint: "create it with the handler's files, or fix the path (relative to the repository root)"))
            }
        }
        service.environment["AWS_LAMBDA_FUNCTION_NAME"] = compose.resourceName(name)
        service.environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(memoryMB)
        service.environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] = String(timeoutSeconds)
        compose.connectToLocalAWS(&service)
        // Lambda sets both; the Python SDK reads only AWS_DEFAULT_REGION.
        service.environment["AWS_DEFAULT_REGION"] = compose.region
        compose.wire(environment, into: &service)
        compose.add(name, service)
    }

    /// The code folder compose mounts: `localCode` when given, else the `.folder` the package is made from.
    var localCodeFolder: String? {
        if let localCodePath { return localCodePath }
        if case .folder(let folder) = code { return folder }
        return nil
    }
}
