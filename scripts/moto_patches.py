"""AWS API behaviour moto 5.2 lacks, taught to it on its own back-ends (imported by the tests'
moto launcher, Tests/TestSupport/MotoServer.swift, for the tests that start moto `patched`).

- EC2 CreateLaunchTemplateVersion: AWS starts the new version from `SourceVersion`'s data and
  applies `LaunchTemplateData` over it; moto ignores `SourceVersion`. moto also keeps the new
  version's `UserData` as plain text, so an Auto Scaling group launching from that version
  fails (HTTP 500). Releases of app servers create exactly such versions.
"""

import copy

from moto.ec2.responses.launch_templates import LaunchTemplates
from moto.ec2.utils import parse_user_data

_create_launch_template_version = LaunchTemplates.create_launch_template_version


def create_launch_template_version(self):
    name = self._get_param("LaunchTemplateName")
    template_id = self._get_param("LaunchTemplateId")
    template = (
        self.ec2_backend.get_launch_template_by_name(name)
        if name
        else self.ec2_backend.get_launch_template(template_id)
    )
    source = self._get_param("SourceVersion")
    user_data = self._get_param("LaunchTemplateData.UserData")
    create_version = template.create_version

    def create_from_source(data, description):
        merged = copy.deepcopy(template.get_version(source).data) if source else {}
        merged.update(data)
        if user_data is not None:
            merged["UserData"] = parse_user_data(user_data)
        return create_version(merged, description)

    template.create_version = create_from_source
    try:
        return _create_launch_template_version(self)
    finally:
        del template.create_version


LaunchTemplates.create_launch_template_version = create_launch_template_version
