Attribute VB_Name = "XlcrmRibbon"
' xlcrm ribbon callbacks (source of the add-in; `xlcrm addin build` stores this file as is).
'
' Every ribbon button calls XlcrmDispatch with its tag, an action name from the xlcrm
' action registry. The tag goes to Python through xlwings RunPython; Python checks it
' against the registry again, so no text from the workbook is ever executed.
' Keep this file ASCII: VBA stores module text in the Windows code page, so the Chinese
' half of each message is written as Unicode code points and decoded by XlcrmText.
Option Explicit

Public Sub XlcrmDispatch(control As IRibbonControl)
    Dim tag As String
    tag = control.Tag
    If Not XlcrmTagIsSafe(tag) Then
        MsgBox "Unknown xlcrm button: " & tag, vbCritical, "xlcrm"
        Exit Sub
    End If
    If Not XlcrmPythonReady() Then Exit Sub
    RunPython "import xlcrm.excel.ribbon; xlcrm.excel.ribbon.dispatch('" & tag & "')"
End Sub

Public Sub XlcrmImportFunctions()
    ' Creates the VBA wrappers of the xlcrm cell functions (UDF Modules in xlcrm.conf).
    If Not XlcrmPythonReady() Then Exit Sub
    ImportPythonUDFsToAddin
End Sub

Private Function XlcrmTagIsSafe(tag As String) As Boolean
    ' A tag is a registry name: lower-case letters, digits and underscores only.
    Dim i As Long, c As String
    XlcrmTagIsSafe = Len(tag) > 0 And Len(tag) <= 40
    For i = 1 To Len(tag)
        c = Mid$(tag, i, 1)
        If Not (c Like "[a-z]" Or c Like "[0-9]" Or c = "_") Then XlcrmTagIsSafe = False
    Next i
End Function

Private Function XlcrmPythonReady() As Boolean
    ' The most common problem: Python is not installed where xlcrm.conf says it is.
    Dim interpreter As String
    #If Mac Then
        interpreter = GetConfig("INTERPRETER_MAC", "")
    #Else
        interpreter = GetConfig("INTERPRETER_WIN", "")
    #End If
    If interpreter = "" Then interpreter = GetConfig("INTERPRETER", "")
    If interpreter = "" Then
        ' "Python interpreter path not set. Run xlcrm addin install, then restart Excel."
        MsgBox XlcrmText("672A 8BBE 7F6E 0020 0050 0079 0074 0068 006F 006E 0020 89E3 91CA " _
            & "5668 8DEF 5F84 3002 8BF7 5728 547D 4EE4 884C 8FD0 884C 0020 0078 006C 0063 " _
            & "0072 006D 0020 0061 0064 0064 0069 006E 0020 0069 006E 0073 0074 0061 006C " _
            & "006C 0020 540E 91CD 542F 0020 0045 0078 0063 0065 006C 3002") _
            & " The Python interpreter for xlcrm is not set up: run 'xlcrm addin install'" _
            & " in a terminal, then restart Excel.", vbCritical, "xlcrm"
        XlcrmPythonReady = False
    ElseIf Not FileExists(interpreter) Then
        ' "Python interpreter not found: PATH. Run xlcrm addin install again or fix xlcrm.conf."
        MsgBox XlcrmText("627E 4E0D 5230 0020 0050 0079 0074 0068 006F 006E 0020 89E3 91CA " _
            & "5668 FF1A") & interpreter & XlcrmText("3002 8BF7 91CD 65B0 8FD0 884C 0020 " _
            & "0078 006C 0063 0072 006D 0020 0061 0064 0064 0069 006E 0020 0069 006E 0073 " _
            & "0074 0061 006C 006C FF0C 6216 5728 0020 0078 006C 0063 0072 006D 002E 0063 " _
            & "006F 006E 0066 0020 4E2D 6539 6B63 8DEF 5F84 3002") _
            & " Python was not found at " & interpreter & ": run 'xlcrm addin install'" _
            & " again, or correct the path in xlcrm.conf.", vbCritical, "xlcrm"
        XlcrmPythonReady = False
    Else
        XlcrmPythonReady = True
    End If
End Function

Private Function XlcrmText(codes As String) As String
    ' Turns "4E2D 6587" (Unicode code points in hex) into text.
    Dim parts() As String, i As Long
    parts = Split(codes, " ")
    For i = LBound(parts) To UBound(parts)
        If Len(parts(i)) > 0 Then XlcrmText = XlcrmText & ChrW(CLng("&H" & parts(i)))
    Next i
End Function
