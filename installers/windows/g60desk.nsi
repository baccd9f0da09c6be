; The g60desk installer for Windows 10/11 x64 — NSIS 3, built on Linux by
;     python3 installers/build.py --target windows        (installers/windows/build_windows.py runs makensis)
; which passes: VERSION (0.1.0.412), VERSION4 (four numbers), BUNDLE (the program folder), OUTFILE,
; INSTALLED_KB (for 程序和功能) and ICON.
;
; * per user, no administrator: %LOCALAPPDATA%\Programs\g60desk, HKCU only, no UAC prompt;
; * Start-menu entry; desktop shortcut (a component, ticked; /NODESKTOP leaves it out in a silent install);
; * .g60 files: type "g60desk 申报文件" with the program's icon, opened by g60desk.exe "%1", and g60desk in
;   their 打开方式 (Open with) list;
; * 程序和功能 / 应用: name, version, publisher, size, icon; silent uninstall with /S;
; * silent roll-out: setup.exe /S [/NODESKTOP] [/D=C:\其他\文件夹 (last, no quotes)];
; * uninstall removes the program folder's own files, the shortcuts and the file type — never
;   %APPDATA%\g60desk (settings, logs) nor any document.
; Target amd64-unicode: a 64-bit installer (DESIGN.md §8: wine64 cannot run Debian's default 32-bit one).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 32

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"
!include "WinVer.nsh"

!define APP "g60desk"
!define TITLE "g60desk 绩效目标申报"
!define PUBLISHER "g60desk"
!define EXE "g60desk.exe"
!define PROGID "g60desk.g60"
!define FILE_TYPE "g60desk 申报文件"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\g60desk"
; Qt 6.11 needs Windows 10 1809 (build 17763) or newer; Python 3.11 needs Windows 8.1 or newer
!define MIN_BUILD 17763

!macro Required NAME
  !ifndef ${NAME}
    !error "${NAME} is not defined: run python3 installers/build.py --target windows (it passes every define)"
  !endif
!macroend
!insertmacro Required VERSION
!insertmacro Required VERSION4
!insertmacro Required BUNDLE
!insertmacro Required OUTFILE
!insertmacro Required INSTALLED_KB
!insertmacro Required ICON

Name "${TITLE}"
Caption "${TITLE} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${TITLE} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${TITLE}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${TITLE} ${VERSION} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"
VIAddVersionKey /LANG=2052 "OriginalFilename" "${APP}-${VERSION}-win64-setup.exe"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机为当前用户安装 ${TITLE} ${VERSION}。$\r$\n$\r$\n不需要管理员权限，不联网。已有的申报文件和设置不受影响。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在运行 ${TITLE}"
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${TITLE}（程序，必需）" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; an upgrade replaces the bundled Python and libraries whole: no file of an older version stays behind
  RMDir /r "$INSTDIR\python"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${TITLE}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${APP}.ico" 0 SW_SHOWNORMAL "" "项目支出绩效目标申报"

  ; .g60 files (HKCU\Software\Classes: this user only, no administrator)
  WriteRegStr HKCU "Software\Classes\.g60" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\.g60\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "${FILE_TYPE}"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP}.ico,0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell" "" "open"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open" "" "用 g60desk 打开(&O)"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  ; the program in the 打开方式 list
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}" "FriendlyAppName" "${TITLE}"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\DefaultIcon" "" "$INSTDIR\${APP}.ico,0"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\SupportedTypes" ".g60" ""
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'    ; SHCNE_ASSOCCHANGED

  ; 程序和功能 / 设置 → 应用
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${TITLE}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP}.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" ${INSTALLED_KB}
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortCut "$DESKTOP\${TITLE}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${APP}.ico" 0 SW_SHOWNORMAL "" "项目支出绩效目标申报"
SectionEnd

; after the sections: it names ${SecDesktop}
Function .onInit
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${TITLE} 需要 64 位 Windows 10（1809 或更新版本）或 Windows 11。$\r$\n这台电脑的 Windows 版本太旧，无法安装。" /SD IDOK
    SetErrorLevel 3
    Abort
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $R1
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; only what the installer put there: a folder the user chose may hold other things
  RMDir /r "$INSTDIR\python"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\g60desk-cli.exe"
  Delete "$INSTDIR\${APP}.ico"
  Delete "$INSTDIR\BUILD-INFO.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${TITLE}.lnk"
  Delete "$DESKTOP\${TITLE}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\.g60" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "Software\Classes\.g60" ""
  ${EndIf}
  DeleteRegValue HKCU "Software\Classes\.g60\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "Software\Classes\.g60\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\.g60"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "Software\Classes\Applications\${EXE}"
  DeleteRegKey HKCU "${UNINST_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ; %APPDATA%\g60desk (settings, logs) and the user's .g60 documents are kept on purpose
SectionEnd
