Attribute VB_Name = "XlcrmRibbon"
' xlcrm ribbon callbacks (source of the add-in; `xlcrm addin build` stores this file as is).
'
' Every ribbon button calls XlcrmDispatch with its tag, an action name from the xlcrm
' action registry. The tag goes to Python through xlwings RunPython; Python checks it
' against the registry again, so no text from the workbook is ever executed.
' Keep this file ASCII: VBA stores module text in the Windows code page, so the Chinese
' half of each message is written as Unicode code points and decoded by XlcrmText (ChrW),
' and shown with MessageBoxW on Windows (VBA's MsgBox turns Chinese into ??? outside a
' Chinese system locale).
Option Explicit

#If Mac Then
#ElseIf VBA7 Then
    Private Declare PtrSafe Function MessageBoxW Lib "user32" (ByVal hWnd As LongPtr, _
        ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#Else
    Private Declare Function MessageBoxW Lib "user32" (ByVal hWnd As Long, _
        ByVal lpText As Long, ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

Private XlcrmRunning As Boolean

Public Sub XlcrmDispatch(control As IRibbonControl)
    Dim tag As String
    tag = control.Tag
    If Not XlcrmTagIsSafe(tag) Then
        ' "Unknown xlcrm button: "
        XlcrmMessage XlcrmText("672A 77E5 7684 0020 0078 006C 0063 0072 006D 0020 6309 94AE " _
            & "FF1A") & tag & " Unknown xlcrm button: " & tag, vbCritical
        Exit Sub
    End If
    If Not XlcrmWorkbookReady() Then Exit Sub
    If XlcrmRunning Then
        ' "xlcrm is still running: wait until it finishes, then click again."
        XlcrmMessage XlcrmText("0078 006C 0063 0072 006D 0020 6B63 5728 8FD0 884C FF0C 8BF7 " _
            & "7B49 5B83 5B8C 6210 540E 518D 70B9 51FB 3002") _
            & " xlcrm is still running: wait until it finishes, then click again.", vbInformation
        Exit Sub
    End If
    If Not XlcrmPythonReady() Then Exit Sub
    XlcrmRunning = True
    On Error GoTo finished
    ' "Starting Python..." until Python writes its own progress there.
    Application.StatusBar = "xlcrm: " & XlcrmText("6B63 5728 542F 52A8 0020 0050 0079 0074 " _
        & "0068 006F 006E 2026") & " Starting Python" & ChrW(&H2026)
    RunPython "import xlcrm.excel.ribbon; xlcrm.excel.ribbon.dispatch('" & tag & "')"
finished:
    XlcrmRunning = False
    #If Mac Then
        ' RunPython returns at once on macOS; Python clears the status bar when it is done.
    #Else
        Application.StatusBar = False
    #End If
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

Private Function XlcrmWorkbookReady() As Boolean
    ' A workbook must be open and editable, and a worksheet (not a chart) active.
    XlcrmWorkbookReady = False
    #If Not Mac Then
        Dim viewing As Object
        On Error Resume Next
        Set viewing = Application.ActiveProtectedViewWindow
        On Error GoTo 0
        If Not viewing Is Nothing Then
            ' "The workbook is in Protected View: click Enable Editing first."
            XlcrmMessage XlcrmText("5DE5 4F5C 7C3F 5904 4E8E 53D7 4FDD 62A4 7684 89C6 56FE FF1A " _
                & "8BF7 5148 70B9 51FB 201C 542F 7528 7F16 8F91 201D 3002") _
                & " The workbook is in Protected View: click Enable Editing first.", vbInformation
            Exit Function
        End If
    #End If
    If ActiveWorkbook Is Nothing Then
        ' "Open a customer workbook first, then click the xlcrm button."
        XlcrmMessage XlcrmText("8BF7 5148 6253 5F00 5BA2 6237 5DE5 4F5C 7C3F FF0C 518D 70B9 " _
            & "51FB 0020 0078 006C 0063 0072 006D 0020 6309 94AE 3002") _
            & " Open a customer workbook first, then click the xlcrm button.", vbInformation
        Exit Function
    End If
    If TypeName(ActiveSheet) <> "Worksheet" Then
        ' "A chart sheet is active: select the worksheet with your customer list first."
        XlcrmMessage XlcrmText("5F53 524D 662F 56FE 8868 5DE5 4F5C 8868 FF1A 8BF7 5148 9009 " _
            & "62E9 5BA2 6237 540D 5355 6240 5728 7684 5DE5 4F5C 8868 3002") _
            & " A chart sheet is active: select the worksheet with your customer list first.", _
            vbInformation
        Exit Function
    End If
    XlcrmWorkbookReady = True
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
        XlcrmMessage XlcrmText("672A 8BBE 7F6E 0020 0050 0079 0074 0068 006F 006E 0020 89E3 " _
            & "91CA 5668 8DEF 5F84 3002 8BF7 5728 547D 4EE4 884C 8FD0 884C 0020 0078 006C " _
            & "0063 0072 006D 0020 0061 0064 0064 0069 006E 0020 0069 006E 0073 0074 0061 " _
            & "006C 006C 0020 540E 91CD 542F 0020 0045 0078 0063 0065 006C 3002") _
            & " The Python interpreter for xlcrm is not set up: run 'xlcrm addin install'" _
            & " in a terminal, then restart Excel.", vbCritical
        XlcrmPythonReady = False
    ElseIf Not FileExists(interpreter) Then
        ' "Python not found at PATH. Run xlcrm addin install again, or correct the path in
        ' CONFIG" (the user's xlcrm.conf, which the user can open in Notepad).
        XlcrmMessage XlcrmText("627E 4E0D 5230 0020 0050 0079 0074 0068 006F 006E 0020 89E3 " _
            & "91CA 5668 FF1A") & interpreter & XlcrmText("3002 8BF7 91CD 65B0 8FD0 884C 0020 " _
            & "0078 006C 0063 0072 006D 0020 0061 0064 0064 0069 006E 0020 0069 006E 0073 " _
            & "0074 0061 006C 006C FF0C 6216 5728 0020") & GetConfigFilePath() _
            & XlcrmText("0020 4E2D 6539 6B63 8DEF 5F84 3002") _
            & " Python was not found at " & interpreter & ": run 'xlcrm addin install'" _
            & " again, or correct the path in " & GetConfigFilePath() & ".", vbCritical
        XlcrmPythonReady = False
    Else
        XlcrmPythonReady = True
    End If
End Function

Private Sub XlcrmMessage(text As String, style As VbMsgBoxStyle)
    ' A message box that shows Chinese on every Windows locale (MessageBoxW), titled xlcrm.
    #If Mac Then
        MsgBox text, style, "xlcrm"
    #ElseIf VBA7 Then
        MessageBoxW CLngPtr(Application.Hwnd), StrPtr(text), StrPtr("xlcrm"), style
    #Else
        MessageBoxW Application.Hwnd, StrPtr(text), StrPtr("xlcrm"), style
    #End If
End Sub

Private Function XlcrmText(codes As String) As String
    ' Turns "4E2D 6587" (Unicode code points in hex) into text.
    Dim parts() As String, i As Long
    parts = Split(codes, " ")
    For i = LBound(parts) To UBound(parts)
        If Len(parts(i)) > 0 Then XlcrmText = XlcrmText & ChrW(CLng("&H" & parts(i)))
    Next i
End Function
