"""The catalog: every course, module and quiz file read, checked and rendered once, and the app's access to it."""
