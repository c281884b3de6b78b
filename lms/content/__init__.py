"""The content catalog: course, module and quiz files turned into immutable, rendered objects."""
