pytest_plugins = ["ekinerja.people.testing", "ekinerja.allowance.testing"]
