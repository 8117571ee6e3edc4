import TenkaiCore

extension AppServers {
    /// The cloud-init document each instance boots with: install Docker and jq, then a start
    /// script that logs in to ECR, reads the container's secrets with the instance role into a
    /// root-only file in memory, and runs the container with the same restrictions as on
    /// Fargate (read-only root, its user, scratch paths as tmpfs). Secret values never appear in
    /// the template: only their ARNs do.
    func userData(port: Int, in stack: inout StackContext) -> Value {
        var variables: Fields = ["Image": image(in: &stack), "LogGroup": parts.logGroup.ref]
        var lines: [String] = []
        for (index, variable) in container.environment.enumerated() {
            variables["Env\(index)"] = Self.shellSafe(variable.value)
            lines.append("printf '%s\\n' '\(variable.name)=${Env\(index)}' >> \"$env_file\"")
        }
        for (index, secret) in container.secrets.enumerated() {
            variables["Secret\(index)"] = secret.source.arn
            let read: String
            switch secret.source.store {
            case .secretsManager:
                let select = secret.source.jsonKey.map { " | jq -r '.\($0)'" } ?? ""
                read = "aws secretsmanager get-secret-value --region \"$region\" --secret-id '${Secret\(index)}' --query SecretString --output text\(select)"
            case .parameterStore:
                read = "aws ssm get-parameter --region \"$region\" --with-decryption --name '${Secret\(index)}' --query Parameter.Value --output text"
            }
            // An assignment of its own, so a failed read stops the script (`set -e`) before the app starts.
            lines.append("value=$(\(read))")
            lines.append("printf '%s\\n' \"\(secret.name)=$value\" >> \"$env_file\"")
        }
        var options = ["--name app", "--restart always", "--env-file \"$env_file\"", "-p \(port):\(port)",
                       "--log-driver awslogs", "--log-opt awslogs-region=\"$region\"", "--log-opt awslogs-group='${LogGroup}'",
                       "--log-opt awslogs-stream-prefix=\(container.name)", "--security-opt no-new-privileges"]
        if container.readOnlyRootFilesystem { options.append("--read-only") }
        options += container.writablePaths.map { "--tmpfs \($0)" }
        if let user = container.user { options.append("--user \(user)") }
        let command = container.command.map { "'\($0.replacing("'", with: "'\\''"))'" }.joined(separator: " ")
        let script = """
            #!/bin/bash
            # Starts the app of \(stack.resourceName(name)); run once by cloud-init, again by hand to restart it.
            set -euo pipefail
            region=${AWS::Region}
            image='${Image}'
            registry=$(echo "$image" | cut -d/ -f1)
            aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"
            umask 077
            env_file=/run/tenkai-app.env
            : > "$env_file"
            \(lines.joined(separator: "\n"))
            docker rm -f app >/dev/null 2>&1 || true
            docker run -d \(options.joined(separator: " ")) "$image" \(command)
            """
        let document = """
            #cloud-config
            package_update: true
            packages:
              - docker
              - jq
            write_files:
              - path: /usr/local/sbin/tenkai-start-app
                permissions: "0700"
                owner: root:root
                content: |
            \(script.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))
            runcmd:
              - [systemctl, enable, --now, docker]
              - [/usr/local/sbin/tenkai-start-app]

            """
        return .sub(document, variables)
    }

    /// The image reference, as for a ``Service``: `…Image`, the exact reference (`repo@sha256:…`)
    /// `tenkai release` sets and deploys keep, and, while that is empty, the repository with the
    /// `…ImageTag` tag.
    private func image(in stack: inout StackContext) -> Value {
        switch container.image {
        case .registry(let reference):
            return .string(reference)
        case .repository(let repository, let tag):
            let released = imageParameter
            stack.template.parameters[released + "Tag"] = Parameter(
                description: "Image tag of container \(container.name) of app servers \(name), used while no release set an image",
                defaultValue: .string(tag))
            stack.template.parameters[released] = Parameter(
                description: "Image of container \(container.name) of app servers \(name) (repo@sha256:…); set by tenkai release",
                defaultValue: "")
            stack.condition(released + "Set", .function("Fn::Not", [.equals(.ref(released), "")]))
            return .if(released + "Set", .ref(released), .join("", [repository.uri.value, ":", .ref(released + "Tag")]))
        }
    }

    /// `WebAppServersAppImage`: the parameter holding the released image.
    var imageParameter: String { logicalID + LogicalID.pascalCase(container.name) + "Image" }

    /// A literal value made safe inside single quotes; references are names and hosts already.
    private static func shellSafe(_ value: Value) -> Value {
        guard case .string(let text) = value else { return value }
        return .string(text.replacing("'", with: "'\\''"))
    }
}
