"""Research code for `unspin compare` and `unspin events`: the BASIL evaluation, the actors export, screenshots."""
