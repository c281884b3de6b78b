"""The officer's pages: course and module reading, quiz taking and review. They sit above progress because every page asks it what is open."""
