; The Windows installer of 双减监管台账: `makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSOURCE_DIR=dist\shuangjian_desktop
; -DOUT_FILE=setup.exe packaging/windows/installer.nsi` (.ci/windows does it after the PyInstaller build).
;
; For the whole PC (administrator): the program in Program Files, shortcuts in the Start menu and on the desktop for
; every user, an entry in Apps & features. A page chooses where the data lives:
;   - each Windows user in their own %LOCALAPPDATA%\ShuangjianDesktop (the default), or
;   - one folder every user of this PC shares (e.g. D:\双减监管台账数据), made writable for the Users group.
; The choice is the registry value HKLM\Software\ShuangjianDesktop\DataFolder, which the program reads
; (shuangjian_desktop/paths.py); per-user means the value is absent. Silent install: `/S`, with `/DATADIR=D:\folder`
; for a shared folder and `/D=C:\Program Files\...` (last) for the program folder.
;
; The uninstaller removes the program's files, shortcuts and Apps & features entry, and nothing else: the databases,
; backups, settings and logs stay where they are, and so does the DataFolder value, so reinstalling finds them.

Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel admin
!pragma warning disable 6012 ; LogicLib's unused labels

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z"
!endif
!ifndef SOURCE_DIR
  !error "makensis -DSOURCE_DIR=<the PyInstaller folder>"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "shuangjian-desktop-setup-${VERSION}.exe"
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${VERSION}.0"
!endif

!define APP_NAME "双减监管台账"
!define APP_ID "ShuangjianDesktop"
!define APP_EXE "${APP_NAME}.exe"
!define CLI_EXE "shuangjian-cli.exe"
!define REG_APP "Software\${APP_ID}"
!define REG_UNINSTALL "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define ICON_FILE "${SOURCE_DIR}\_internal\resources\icons\shuangjian.ico"
!define SHARED_DEFAULT "D:\双减监管台账数据"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${APP_ID}"
InstallDirRegKey HKLM "${REG_APP}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APP_NAME}"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机安装 ${APP_NAME} ${VERSION}。$\r$\n$\r$\n如果本机已装有旧版本，将直接升级：台账数据、备份和设置都会保留。升级前请先关闭正在运行的${APP_NAME}。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在运行${APP_NAME}"

Var DataMode        ; "user" or "shared"
Var DataDir         ; the shared folder when DataMode is "shared"
Var PageUser
Var PageShared
Var PageFolder
Var PageBrowse

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
Page custom DataPageShow DataPageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  SetShellVarContext all
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  ; An earlier installation's choice, then the command line's /DATADIR=
  ReadRegStr $DataDir HKLM "${REG_APP}" "DataFolder"
  ${If} $DataDir == ""
    StrCpy $DataMode "user"
  ${Else}
    StrCpy $DataMode "shared"
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DATADIR=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 != ""
    StrCpy $DataDir $R1
    StrCpy $DataMode "shared"
  ${EndIf}
FunctionEnd

Function DataPageShow
  !insertmacro MUI_HEADER_TEXT "选择数据文件夹" "台账数据库、自动备份、设置和日志保存在这里；卸载程序不会删除它们。"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 24u "数据保存在本机硬盘上（不要选网络共享或云同步文件夹）。几位工作人员共用这台电脑、都用同一套台账时，请选第二项。"
  Pop $0
  ${NSD_CreateRadioButton} 0 30u 100% 12u "每位 Windows 用户各自保存（%LOCALAPPDATA%\ShuangjianDesktop，默认）"
  Pop $PageUser
  ${NSD_CreateRadioButton} 0 46u 100% 12u "本机所有用户共用以下文件夹（例如 D 盘）："
  Pop $PageShared
  ${If} $DataDir == ""
    StrCpy $0 "${SHARED_DEFAULT}"
  ${Else}
    StrCpy $0 $DataDir
  ${EndIf}
  ${NSD_CreateDirRequest} 12u 62u -70u 13u "$0"
  Pop $PageFolder
  ${NSD_CreateBrowseButton} -64u 61u 64u 15u "浏览…"
  Pop $PageBrowse
  ${NSD_OnClick} $PageBrowse DataPageBrowse
  ${NSD_CreateLabel} 0 84u 100% 36u "备份在数据文件夹的 backups 子文件夹中（每天自动备份，可在程序中备份到U盘）。以后要换位置：重新运行本安装程序选择新文件夹，并把旧文件夹中的文件复制过去。"
  Pop $0
  ${If} $DataMode == "shared"
    ${NSD_Check} $PageShared
  ${Else}
    ${NSD_Check} $PageUser
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function DataPageBrowse
  ${NSD_GetText} $PageFolder $0
  nsDialogs::SelectFolderDialog "选择各用户共用的数据文件夹" "$0"
  Pop $0
  ${If} $0 != "error"
    ${NSD_SetText} $PageFolder "$0"
    ${NSD_Check} $PageShared
    ${NSD_Uncheck} $PageUser
  ${EndIf}
FunctionEnd

Function DataPageLeave
  ${NSD_GetState} $PageShared $0
  ${If} $0 == ${BST_CHECKED}
    ${NSD_GetText} $PageFolder $DataDir
    StrCpy $DataMode "shared"
  ${Else}
    StrCpy $DataMode "user"
  ${EndIf}
  Call CheckDataDir
FunctionEnd

; A shared folder must be a full path outside the program's folder (which upgrades replace).
Function CheckDataDir
  ${If} $DataMode != "shared"
    Return
  ${EndIf}
  StrCpy $0 $DataDir 2 1
  StrCpy $1 $DataDir 2
  ${If} $0 != ":\"
  ${AndIf} $1 != "\\"
    MessageBox MB_ICONEXCLAMATION|MB_OK "请填写完整的文件夹路径，例如 ${SHARED_DEFAULT}" /SD IDOK
    Abort
  ${EndIf}
  StrLen $2 "$INSTDIR"
  StrCpy $3 $DataDir $2
  ${If} $3 == "$INSTDIR"
    MessageBox MB_ICONEXCLAMATION|MB_OK "数据文件夹不能放在程序文件夹（$INSTDIR）里：升级时会替换程序文件夹。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext all
  Call CheckDataDir
  ; an upgrade replaces the program's own files; nothing else lives in the program folder
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKLM "${REG_APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REG_APP}" "Version" "${VERSION}"
  ${If} $DataMode == "shared"
    CreateDirectory "$DataDir"
    ; every user of the PC may write the shared ledgers (Users group, inherited by files made later)
    nsExec::ExecToLog 'icacls "$DataDir" /grant *S-1-5-32-545:(OI)(CI)M'
    Pop $0
    WriteRegExpandStr HKLM "${REG_APP}" "DataFolder" "$DataDir"
  ${Else}
    DeleteRegValue HKLM "${REG_APP}" "DataFolder"
  ${EndIf}

  WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "Publisher" "${APP_NAME}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKLM "${REG_UNINSTALL}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${REG_UNINSTALL}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${REG_UNINSTALL}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${REG_UNINSTALL}" "NoModify" 1
  WriteRegDWORD HKLM "${REG_UNINSTALL}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${REG_UNINSTALL}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetShellVarContext all
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
FunctionEnd

; Only what the installer put there: never the data folder, wherever it is.
Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${REG_UNINSTALL}"
  DeleteRegValue HKLM "${REG_APP}" "InstallDir"
  DeleteRegValue HKLM "${REG_APP}" "Version"
SectionEnd
