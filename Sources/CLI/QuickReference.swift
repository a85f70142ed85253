/// `%quickref`: the prompt on one screen.
enum QuickReference {
    static let text = """
    tcalc prompt: quick reference

    Entering code
      >>> / ...        a new statement / the statement goes on (open bracket, block)
      empty line       ends a block (any depth); Tab on an empty line indents
      Up / Down        history (a block is one entry); Ctrl-R searches it
      Ctrl-C           drops the line, or stops a running computation (variables stay)
      Ctrl-D, exit     leaves
      pasting          `>>> ` / `... ` prompts are stripped and output lines skipped

    Help
      help()           overview;  help('broadcasting'), 'autograd', 'indexing', 'dtypes'
      obj? / ?obj      help(obj);  obj?? also shows where it is defined (a function's source)
      Tab              completes names, attributes, keyword arguments (dim=), dict keys
                       and DataFrame columns after [', file names inside strings, modules

    Magics
      %who %whos       variables                 %time / %timeit STMT   timing
      %run / %load F   run / edit a file         %history [-n] [RANGE]  inputs
      %save F [RANGE]  save inputs (--python: a script for python3 with PyTorch)
      %reset [-f]      delete variables          %precision N           digits shown
      %lsmagic         list magics               %magic                 describe them

    Start-up: $TCALC_RC or ~/.tcalcrc runs first (--norc skips it); --no-color or NO_COLOR.

    """
}
