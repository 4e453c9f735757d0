pytest_plugins = ["ekinerja.people.testing"]
